"""`parse_barcode`: what a scanned text is, or a typed error that says why not.

The scanner tells us the symbology (mapped from its AIM identifier by the
devices layer) or nothing. The text alone decides the kind; the symbology is a
hint that must not contradict it (`ean8` with 13 digits is refused, because a
misread is likelier than a strange label). Order of recognition:

1. Coopay QR payload (base64 starting `hQVDUFYwM`), from a QR code or no hint;
   a ShopExpress checkout code (`SXP1.…`, verified by the lane, see pos/domain/shopexpress.py);
2. GS1 element string, from a GS1 symbology or when the text is `(01)…`/has FNC1;
3. digits: GTIN-8, UPC-A, EAN-13 (in-store prefixes 20–29 per `InStoreLayout`),
   GTIN-14, EAN-13 with a 2/5-digit add-on, 16-digit member card numbers;
4. anything else: `UnknownBarcode`.

Nothing but a `BarcodeError` ever leaves this module for any input text.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

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
    ScannedCode,
    SymbologyMismatch,
    VariableMeasureCode,
    unknown,
)
from pos.domain.gs1 import looks_like_element_string, parse_element_string
from pos.domain.settings import InStoreLayout
from pos.domain.shopexpress import CheckoutCode, looks_like_checkout_code
from pos.domain.texts import T, Text
from pos.formats.checkdigits import is_valid_gs1
from pos.formats.coopay_qr import CoopayQrError, looks_like_coopay, parse_payload
from pos.formats.member_card import DEFAULT_FORMAT, MemberCardError, MemberCardFormat

__all__ = ["SYMBOLOGIES", "BarcodeError", "parse_barcode"]

SYMBOLOGIES = frozenset(
    {
        "ean13", "ean8", "ean_addon", "code128", "gs1_128", "qr", "gs1_qr",
        "datamatrix", "gs1_datamatrix", "code39", "itf", "gs1_databar",
    }
)
"""The symbology names the devices layer passes: it maps the scanner's AIM identifier
to one of these, once (`devices.scanner.AIM_SYMBOLOGIES`); nothing here reads AIM ids."""

MAX_TEXT = 1024
_DEFAULT_LAYOUT = InStoreLayout()


_GS1_FAMILY = frozenset({"gs1_128", "gs1_qr", "gs1_datamatrix", "gs1_databar"})
_TWO_D = frozenset({"qr", "datamatrix"})
# Which hints may carry a plain digit string of each length (None = no hint).
_DIGIT_HINTS: dict[int, frozenset[str | None]] = {
    8: frozenset({None, "ean8"}),
    12: frozenset({None, "ean13"}),
    13: frozenset({None, "ean13", "ean_addon"}),
    14: frozenset({None, "itf"}),
    15: frozenset({None, "ean_addon"}),
    16: frozenset({None, "code128", "code39"}),
    18: frozenset({None, "ean_addon"}),
}
_SYMBOLOGY_DIGITS = {"ean8": "8", "ean13": "12/13", "ean_addon": "13/15/18", "itf": "14"}
"""Symbologies with fixed digit counts: the count they carry, for the mismatch message."""


def parse_barcode(
    text: str,
    symbology: str | None = None,
    *,
    layout: InStoreLayout | None = None,
    card_format: MemberCardFormat = DEFAULT_FORMAT,
) -> ScannedCode:
    """Recognise a scanned text; raises only `BarcodeError` subclasses.

    `symbology` is one of `SYMBOLOGIES` or None; an unknown name counts as no hint.
    `text` is the bare data: the devices layer has taken off the AIM identifier.
    """
    if not isinstance(text, str):
        raise unknown(T("detail_not_text"))
    data = text.strip()
    hint = symbology if isinstance(symbology, str) and symbology in SYMBOLOGIES else None
    if not data:
        raise EmptyBarcode(T("barcode_empty"))
    if len(data) > MAX_TEXT:
        raise unknown(T("detail_too_long"))
    if looks_like_coopay(data):
        return _coopay(data, hint)
    if looks_like_checkout_code(data):
        if hint is not None and hint not in _TWO_D:
            raise _mismatch(hint, T("detail_is_checkout_code"))
        return CheckoutCode(data)
    if hint in _GS1_FAMILY or looks_like_element_string(data):
        return _gs1(data)
    if data.isascii() and data.isdigit():
        return _digits(data, hint, layout or _DEFAULT_LAYOUT, card_format)
    raise unknown()



def _mismatch(hint: str, detail: Text) -> SymbologyMismatch:
    return SymbologyMismatch(T("symbology_mismatch", hint=hint, detail=detail))


def _coopay(data: str, hint: str | None) -> CoopayCode:
    if hint is not None and hint not in _TWO_D:
        raise _mismatch(hint, T("detail_is_coopay"))
    try:
        return CoopayCode(parse_payload(data))
    except CoopayQrError:
        raise InvalidCoopayCode(T("coopay_unreadable")) from None


def _check_digit_error(what: Text) -> CheckDigitError:
    # no "or key it in": the handheld and the lane have no keyboard; the till offers search
    return CheckDigitError(T("check_digit_wrong", what=what))


_GTIN_TEXT = T("what_barcode")


def _digit_count_mismatch(hint: str, count: int) -> SymbologyMismatch:
    carries = _SYMBOLOGY_DIGITS[hint]
    return _mismatch(
        hint,
        T("detail_digit_count_for", count=count, hint=hint, carries=carries),
    )


def _digits(
    data: str, hint: str | None, layout: InStoreLayout, card_format: MemberCardFormat
) -> ScannedCode:
    allowed = _DIGIT_HINTS.get(len(data), frozenset())
    if hint not in allowed and hint not in _TWO_D:
        if hint in _SYMBOLOGY_DIGITS:
            raise _digit_count_mismatch(hint, len(data))
        if hint is None:
            raise unknown(T("detail_digits", count=len(data)))
        raise unknown(T("detail_digits_in", count=len(data), hint=hint))
    if not allowed:
        raise unknown(T("detail_digits", count=len(data)))
    if len(data) == 16:
        return _member_card(data, card_format)
    if len(data) in (15, 18):
        main, addon = data[:13], data[13:]
        if not is_valid_gs1(main):
            raise _check_digit_error(_GTIN_TEXT)
        return ProductCode(gtin=main, addon=addon)
    if not is_valid_gs1(data):
        raise _check_digit_error(_GTIN_TEXT)
    if len(data) == 13 and "20" <= data[:2] <= "29":
        return _in_store(data, layout)
    return ProductCode(gtin=data)


def _member_card(data: str, card_format: MemberCardFormat) -> MemberCardCode:
    if not data.startswith(card_format.prefix):
        raise unknown(T("detail_16_not_member_card"))
    try:
        return MemberCardCode(card_format.validate(data))
    except MemberCardError:
        raise _check_digit_error(T("what_member_card_number")) from None


def _in_store(data: str, layout: InStoreLayout) -> ScannedCode:
    prefix = data[:2]
    kind = layout.kind_of(prefix)
    if kind is None:
        raise unknown(T("detail_in_store_prefix_unused", prefix=prefix))
    ref = data[2:2 + layout.item_ref_digits]
    value = int(data[2 + layout.item_ref_digits:12])
    if value == 0:
        raise MalformedBarcode(T("in_store_value_zero"))
    if kind == "price":
        return VariableMeasureCode(data, prefix, ref, "price", price_ore=value)
    if kind == "weight":
        return VariableMeasureCode(data, prefix, ref, "weight", weight_g=value)
    if kind == "coupon":
        return CouponCode(data, coupon_id=ref, value_ore=value)
    return DepositSlipCode(data, serial=ref, value_ore=value)


def _gs1(data: str) -> ProductCode:
    fields = parse_element_string(data)
    gtin = fields.get("01") or fields.get("02")
    if gtin is None:
        raise MalformedBarcode(T("gs1_no_gtin"))
    if not is_valid_gs1(gtin):
        raise _check_digit_error(T("what_gtin_01"))
    return ProductCode(
        gtin=gtin,
        weight_g=_gs1_weight(fields),
        price_ore=_gs1_price(fields),
        best_before=_gs1_date(fields.get("17") or fields.get("15")),
        batch=fields.get("10", ""),
    )


def _scaled(value: str, decimals: int, unit_digits: int) -> int:
    """`value` with `decimals` implied decimals, expressed in units of 10**-unit_digits, half up."""
    numerator = int(value) * 10**unit_digits
    denominator = 10**decimals
    return (2 * numerator + denominator) // (2 * denominator)


def _gs1_weight(fields: dict[str, str]) -> int | None:
    ai = next((a for a in fields if a.startswith("310")), None)
    if ai is None:
        return None
    grams = _scaled(fields[ai], int(ai[3]), 3)
    if grams <= 0:
        raise MalformedBarcode(T("gs1_weight_zero"))
    return grams


def _gs1_price(fields: dict[str, str]) -> int | None:
    ai = next((a for a in fields if a[:3] in ("392", "393")), None)
    if ai is None:
        return None
    value = fields[ai]
    if ai.startswith("393"):
        currency, value = value[:3], value[3:]
        if currency != "578" or not value:
            raise MalformedBarcode(T("gs1_price_not_nok"))
    return _scaled(value, int(ai[3]), 2)


def _gs1_date(value: str | None) -> date | None:
    """YYMMDD (GS1: DD 00 = last day of the month); years are read as 20YY."""
    if value is None:
        return None
    year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        raise MalformedBarcode(T("gs1_bad_date"))
    last = monthrange(year, month)[1]
    if day == 0:
        day = last
    if day > last:
        raise MalformedBarcode(T("gs1_bad_date"))
    return date(year, month, day)

