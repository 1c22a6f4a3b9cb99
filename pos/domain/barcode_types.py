"""What a scanned barcode can be, and the errors that say why it is none of them.

Every result is a frozen dataclass with a `kind` string; every error is a
`BarcodeError` (a `ValueError`) with a stable `code` and a message in bokmål and
English. Member card numbers and Coopay tokens are kept out of `repr()` so a
result that ends up in a log line does not leak them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from pos.domain.gtin import gtin14
from pos.domain.texts import DomainError, T, Text
from pos.formats.coopay_qr import CoopayPayload
from pos.formats.member_card import mask_number


class BarcodeError(DomainError):
    """Base of every error `parse_barcode` raises."""

    code = "barcode_error"


class EmptyBarcode(BarcodeError):
    code = "empty_barcode"


class UnknownBarcode(BarcodeError):
    code = "unknown_barcode"


class CheckDigitError(BarcodeError):
    code = "check_digit"


class SymbologyMismatch(BarcodeError):
    code = "symbology_mismatch"


class MalformedBarcode(BarcodeError):
    """The kind is clear but the content is not usable (zero weight, broken GS1 data…)."""

    code = "malformed_barcode"


class InvalidCoopayCode(BarcodeError):
    code = "invalid_coopay"


@dataclass(frozen=True)
class ProductCode:
    """A GTIN (8, 12, 13 or 14 digits as scanned), with what a GS1 element string may add."""

    kind: ClassVar[str] = "product"
    gtin: str
    addon: str = ""
    weight_g: int | None = None
    price_ore: int | None = None
    best_before: date | None = None
    batch: str = ""

    @property
    def gtin14(self) -> str:
        return gtin14(self.gtin)


@dataclass(frozen=True)
class VariableMeasureCode:
    """An in-store EAN-13 carrying a price (øre) or a weight (grams) for an item reference."""

    kind: ClassVar[str] = "variable_measure"
    code: str
    prefix: str
    item_ref: str
    measure: str
    """`"price"` or `"weight"`."""
    price_ore: int | None = None
    weight_g: int | None = None


@dataclass(frozen=True)
class DepositSlipCode:
    """A reverse vending machine's slip: redeemable once, identified by its whole code."""

    kind: ClassVar[str] = "deposit_slip"
    code: str
    serial: str
    value_ore: int

    @property
    def slip_id(self) -> str:
        return self.code


@dataclass(frozen=True)
class CouponCode:
    """A store coupon worth `value_ore` off (layout `28 CCCCC VVVVV C` by default)."""

    kind: ClassVar[str] = "coupon"
    code: str
    coupon_id: str
    value_ore: int


@dataclass(frozen=True)
class MemberCardCode:
    kind: ClassVar[str] = "member_card"
    card_number: str = field(repr=False)

    @property
    def masked(self) -> str:
        return mask_number(self.card_number)

    def __repr__(self) -> str:
        return f"MemberCardCode(card_number={self.masked!r})"


@dataclass(frozen=True)
class CoopayCode:
    """A structurally valid Coopay QR payload; only the backend can verify its MAC."""

    kind: ClassVar[str] = "coopay"
    payload: CoopayPayload = field(repr=False)

    @property
    def text(self) -> str:
        return self.payload.text

    def __repr__(self) -> str:
        return f"CoopayCode(token={self.payload.token_hex[:4]}…)"


ScannedCode = (
    ProductCode | VariableMeasureCode | DepositSlipCode | CouponCode | MemberCardCode | CoopayCode
)


def unknown(detail: Text | None = None) -> UnknownBarcode:
    """An `UnknownBarcode` with the standard text, optionally followed by a reason."""
    if detail is None:
        return UnknownBarcode(T("barcode_unknown"))
    return UnknownBarcode(T("barcode_unknown_because", detail=detail))
