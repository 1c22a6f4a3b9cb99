"""Properties of parse_barcode: it only ever raises its own error, and GTINs round-trip."""

from hypothesis import example, given
from hypothesis import strategies as st

from pos.domain.barcode_types import BarcodeError, ProductCode, VariableMeasureCode
from pos.domain.barcodes import SYMBOLOGIES, parse_barcode
from pos.formats.checkdigits import with_gs1_check_digit
from pos.formats.coopay_qr import encode_payload

HINTS = st.one_of(st.none(), st.sampled_from(sorted(SYMBOLOGIES)), st.text(max_size=8))
DIGITS = "0123456789"
SCANNER_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(DIGITS, max_size=20),
    st.text(DIGITS + "()\x1d", max_size=60),
    st.text(DIGITS, max_size=40).map(lambda s: "(01)" + s),
    st.text(max_size=60).map(lambda s: "hQVDUFYwM" + s),
    st.binary(min_size=16, max_size=16).map(lambda b: encode_payload(b, b)[:-3]),
    st.sampled_from(["]E0", "]C1", "]Q1", "]d2"]).flatmap(
        lambda aim: st.text(DIGITS + "\x1d", max_size=30).map(lambda s: aim + s)
    ),
)


@given(SCANNER_TEXT, HINTS)
@example("(01)", None)
@example("\x1d", "gs1_128")
@example("(3103)000452", None)
@example("0" * 13, None)
@example("2" * 13, None)
def test_parse_barcode_raises_nothing_but_barcode_error(text, hint):
    try:
        code = parse_barcode(text, hint)
    except BarcodeError as error:
        assert error.message("nb") and error.message("en")
        return
    assert code.kind in {"product", "variable_measure", "deposit_slip", "coupon",
                         "member_card", "coopay"}


@given(st.text(DIGITS, min_size=12, max_size=12).filter(lambda b: not "20" <= b[:2] <= "29"))
def test_every_valid_ean13_outside_in_store_range_is_a_product(body):
    gtin = with_gs1_check_digit(body)
    assert parse_barcode(gtin) == ProductCode(gtin)
    assert parse_barcode(gtin, "ean13") == ProductCode(gtin)


@given(st.text(DIGITS, min_size=7, max_size=7))
def test_every_valid_gtin8_is_a_product(body):
    gtin = with_gs1_check_digit(body)
    assert parse_barcode(gtin, "ean8").gtin == gtin


@given(st.sampled_from(["20", "21", "22", "23", "24", "25"]), st.text(DIGITS, min_size=5,
       max_size=5), st.integers(1, 99999))
def test_in_store_codes_round_trip(prefix, item_ref, value):
    code = parse_barcode(with_gs1_check_digit(f"{prefix}{item_ref}{value:05d}"))
    assert isinstance(code, VariableMeasureCode)
    assert code.item_ref == item_ref
    assert (code.price_ore if prefix < "23" else code.weight_g) == value
