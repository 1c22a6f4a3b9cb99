"""parse_barcode: every kind it must recognise, hints, and clear typed errors."""

from datetime import date

import pytest

from pos.data import demo_products as demo
from pos.domain.barcode_types import (
    BarcodeError,
    CheckDigitError,
    CoopayCode,
    CouponCode,
    DepositSlipCode,
    EmptyBarcode,
    InvalidCoopayCode,
    MalformedBarcode,
    MemberCardCode,
    ProductCode,
    SymbologyMismatch,
    UnknownBarcode,
    VariableMeasureCode,
)
from pos.domain.barcodes import parse_barcode
from pos.domain.gtin import make_gtin
from pos.domain.settings import InStoreLayout, SettingsError
from pos.formats.coopay_qr import encode_payload
from pos.formats.member_card import DEFAULT_FORMAT, MemberCardFormat


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (demo.MILK, None), (demo.MILK, "ean13"), (demo.GUM_GTIN8, "ean8"),
        ("036000291452", None), ("036000291452", "ean13"), ("0" + demo.MILK, "itf"),
        (demo.MILK, "qr"), (demo.MILK, "no-such-symbology"),
    ],
)
def test_gtins_of_every_length_are_products(text, hint):
    code = parse_barcode(text, hint)
    assert isinstance(code, ProductCode)
    assert code.kind == "product"
    assert code.gtin == text
    assert code.gtin14 == text.zfill(14)


def test_surrounding_whitespace_and_line_endings_are_ignored():
    assert parse_barcode(f"  {demo.MILK}\r\n") == ProductCode(demo.MILK)


def test_the_hint_is_the_symbology_the_devices_named():
    assert parse_barcode(demo.MILK, "ean13") == ProductCode(demo.MILK)
    with pytest.raises(SymbologyMismatch):
        parse_barcode(demo.MILK, "ean8")


def test_an_aim_identifier_is_not_read_here_it_is_data():
    """One AIM table, in the devices layer: text that still carries `]E0` did not come
    from it, and is refused rather than guessed at."""
    with pytest.raises(UnknownBarcode):
        parse_barcode(f"]E0{demo.MILK}")


@pytest.mark.parametrize(
    ("text", "hint"),
    [(demo.MILK, "ean8"), (demo.GUM_GTIN8, "ean13"), (demo.MILK, "itf"),
     ("12345678901234567890", "ean13")],
)
def test_a_hint_that_contradicts_the_digits_is_refused(text, hint):
    with pytest.raises(SymbologyMismatch) as caught:
        parse_barcode(text, hint)
    assert hint in caught.value.message("nb")
    assert "scan again" in caught.value.message("en")


def test_wrong_check_digit_names_the_problem_in_both_languages():
    bad = demo.MILK[:-1] + str((int(demo.MILK[-1]) + 1) % 10)
    with pytest.raises(CheckDigitError) as caught:
        parse_barcode(bad)
    assert "kontrollsiffer" in caught.value.message("nb")
    assert "check digit" in caught.value.message("en")
    assert str(caught.value) == caught.value.message("en")


def test_ean13_with_addon():
    code = parse_barcode(demo.MILK + "12", "ean_addon")
    assert code == ProductCode(demo.MILK, addon="12")
    assert parse_barcode("9771234567003" + "00105").addon == "00105"


def test_weight_label_in_store_code():
    code = parse_barcode(demo.CHEESE_452_G)
    assert code == VariableMeasureCode(
        demo.CHEESE_452_G, "23", demo.CHEESE_ITEM_REF, "weight", weight_g=452
    )
    assert code.kind == "variable_measure"


def test_price_label_in_store_code():
    code = parse_barcode(demo.ENTRECOTE_189_KR)
    assert isinstance(code, VariableMeasureCode)
    assert (code.measure, code.item_ref, code.price_ore) == ("price", "20001", 18900)


def test_deposit_slip():
    code = parse_barcode(demo.DEPOSIT_SLIP_25_KR)
    assert code == DepositSlipCode(demo.DEPOSIT_SLIP_25_KR, "00042", 2500)
    assert code.slip_id == demo.DEPOSIT_SLIP_25_KR


def test_coupon_on_prefix_28():
    text = make_gtin("280001200500")
    assert parse_barcode(text) == CouponCode(text, "00012", 500)


@pytest.mark.parametrize("prefix", ["26", "27"])
def test_unused_in_store_prefix_is_unknown(prefix):
    with pytest.raises(UnknownBarcode, match=f"prefix {prefix} unused"):
        parse_barcode(make_gtin(prefix + "0000100100"))


def test_in_store_code_with_zero_value_is_malformed():
    with pytest.raises(MalformedBarcode, match="value of 0"):
        parse_barcode(make_gtin("230000100000"))


def test_layout_is_a_setting():
    layout = InStoreLayout(
        price_prefixes=("21",), weight_prefixes=("22",), coupon_prefixes=(),
        deposit_slip_prefixes=("26",), item_ref_digits=4,
    )
    code = parse_barcode(make_gtin("220123012345"), layout=layout)
    assert (code.measure, code.item_ref, code.weight_g) == ("weight", "0123", 12345)
    with pytest.raises(UnknownBarcode):
        parse_barcode(make_gtin("230123012345"), layout=layout)
    assert isinstance(parse_barcode(make_gtin("260000100500"), layout=layout), DepositSlipCode)


@pytest.mark.parametrize(
    "bad",
    [
        {"price_prefixes": ("20",), "weight_prefixes": ("20",)},
        {"price_prefixes": ("19",)},
        {"item_ref_digits": 8},
    ],
)
def test_impossible_layouts_are_refused(bad):
    with pytest.raises(SettingsError):
        InStoreLayout(**bad)


def test_member_card():
    card = DEFAULT_FORMAT.make(4711)
    for hint in (None, "code128", "code39"):
        code = parse_barcode(card, hint)
        assert code == MemberCardCode(card)
    assert card not in repr(code)
    assert code.masked.endswith(card[-4:])


def test_member_card_with_wrong_luhn_digit():
    card = DEFAULT_FORMAT.make(4711)
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    with pytest.raises(CheckDigitError, match="member card"):
        parse_barcode(bad)


def test_member_card_format_is_a_setting():
    other = MemberCardFormat(prefix="957802")
    card = other.make(5)
    assert isinstance(parse_barcode(card, card_format=other), MemberCardCode)
    with pytest.raises(UnknownBarcode):
        parse_barcode(card)


def test_16_digits_that_are_not_a_member_card_are_unknown():
    with pytest.raises(UnknownBarcode):
        parse_barcode("4111111111111111")


def test_coopay_payload_from_a_qr_code():
    text = encode_payload(bytes(range(16)), bytes(16))
    for hint in (None, "qr"):
        code = parse_barcode(text, hint)
        assert isinstance(code, CoopayCode)
        assert code.payload.token == bytes(range(16))
        assert code.text == text
    assert bytes(range(16)).hex() not in repr(code)


def test_coopay_payload_from_a_linear_symbology_is_a_mismatch():
    with pytest.raises(SymbologyMismatch):
        parse_barcode(encode_payload(bytes(16), bytes(16)), "code128")


def test_broken_coopay_payload_asks_for_a_new_code():
    text = encode_payload(bytes(16), bytes(16))[:-8]
    with pytest.raises(InvalidCoopayCode) as caught:
        parse_barcode(text, "qr")
    assert "ny kode" in caught.value.message("nb")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("(01)07038010000706(3103)000452", None),
        ("0107038010000706" "3103000452", "gs1_128"),
        ("\x1d0107038010000706" "3103000452", "gs1_datamatrix"),
    ],
)
def test_gs1_element_strings_carry_gtin_and_weight(text, hint):
    code = parse_barcode(text, hint)
    assert code == ProductCode("07038010000706", weight_g=452)


def test_gs1_price_date_and_batch():
    text = "0107038010000706" "3922018900\x1d" "17250600" "10LOT42\x1d"
    code = parse_barcode(text, "gs1_128")
    assert code.price_ore == 18900
    assert code.best_before == date(2025, 6, 30)
    assert code.batch == "LOT42"


def test_gs1_price_with_currency_and_coarse_weight():
    code = parse_barcode("(01)07038010000706(3932)578018900(3101)000045")
    assert (code.price_ore, code.weight_g) == (18900, 4500)
    with pytest.raises(MalformedBarcode, match="NOK"):
        parse_barcode("(01)07038010000706(3932)752018900")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("(01)07038010000707", CheckDigitError),
        ("(10)ABC", MalformedBarcode),
        ("(99)123", MalformedBarcode),
        ("(01)0703801000070", MalformedBarcode),
        ("(17)251332(01)07038010000706", MalformedBarcode),
        ("(01)07038010000706(01)07038010000706", MalformedBarcode),
        ("(01)07038010000706(3103)000000", MalformedBarcode),
        ("(01)07038010000706junk", MalformedBarcode),
        ("01070380100007063103", MalformedBarcode),
    ],
)
def test_bad_gs1_element_strings(text, error):
    with pytest.raises(error):
        parse_barcode(text, "gs1_128")


@pytest.mark.parametrize(
    "text", ["hello", "ABC-123", "12345", "1234567890", "7038010000706x", "٧٠٣٨٠١٠٠٠٠٧٠٦"]
)
def test_anything_else_is_unknown(text):
    with pytest.raises(UnknownBarcode) as caught:
        parse_barcode(text)
    assert caught.value.message("nb").startswith("Ukjent strekkode")
    assert caught.value.code == "unknown_barcode"


@pytest.mark.parametrize("text", ["", "   ", "\r\n"])
def test_empty_scans(text):
    with pytest.raises(EmptyBarcode):
        parse_barcode(text)


def test_non_text_is_an_unknown_barcode_not_a_type_error():
    with pytest.raises(UnknownBarcode):
        parse_barcode(b"7038010000706")  # type: ignore[arg-type]
    assert parse_barcode(demo.MILK, ["ean8"]) == ProductCode(demo.MILK)  # odd hint: no hint


def test_every_error_is_a_value_error_with_a_stable_code():
    for text in ("", "x", demo.MILK[:-1] + "0"):
        with pytest.raises(BarcodeError) as caught:
            parse_barcode(text)
        assert isinstance(caught.value, ValueError)
        assert caught.value.code
