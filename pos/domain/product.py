"""A product as the till sells it: price, VAT, deposit link, age and beer-hour flags.

Products are frozen and self-validating, because a sale keeps a snapshot of the
product in its operations (so a price change in the catalog mid-sale cannot
change a line already scanned, and a replayed sale is the sale that happened).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from pos.domain.gtin import is_gtin
from pos.domain.settings import VAT_RATES
from pos.domain.texts import DomainError, Text

AGE_LIMITS = (18, 20)


class ProductError(DomainError):
    code = "invalid_product"


class Unit(StrEnum):
    EACH = "each"
    KG = "kg"


@dataclass(frozen=True, slots=True)
class Product:
    gtin: str
    name: str
    price_ore: int
    """Price per unit, or per kg for `Unit.KG`; for price-embedded items a reference price."""
    vat_rate: int
    group: str
    unit: Unit = Unit.EACH
    deposit_gtin: str | None = None
    age_limit: int | None = None
    beer_hours: bool = False
    member_price_ore: int | None = None
    plu: str | None = None
    item_ref: str | None = None
    """In-store item reference: weight codes for kg items, price codes for `each` items."""
    abv_centi: int | None = None
    """Alcohol by volume in hundredths of a percent (470 = 4.7 %)."""
    volume_ml: int | None = None
    dividend_excluded: bool = False
    brand: str = ""

    def __post_init__(self) -> None:
        problem = self._problem()
        if problem:
            raise ProductError(Text(f"Ugyldig vare {self.gtin}: {problem}", problem))

    def _problem(self) -> str | None:
        if not isinstance(self.gtin, str) or not is_gtin(self.gtin):
            return f"GTIN {self.gtin!r} is not valid"
        if not self.name.strip():
            return "name is empty"
        if not _is_ore(self.price_ore):
            return "price must be whole øre, not negative"
        if self.vat_rate not in VAT_RATES:
            return f"VAT rate {self.vat_rate} is not one of {VAT_RATES}"
        if self.member_price_ore is not None and not (
            _is_ore(self.member_price_ore) and self.member_price_ore < self.price_ore
        ):
            return "member price must be below the price"
        if self.age_limit not in (None, *AGE_LIMITS):
            return f"age limit must be one of {AGE_LIMITS}"
        if self.plu is not None and not (self.plu.isdigit() and 4 <= len(self.plu) <= 5):
            return "PLU must be 4 or 5 digits"
        if self.item_ref is not None and not (self.item_ref.isdigit() and self.item_ref.isascii()):
            return "item reference must be digits"
        if self.deposit_gtin is not None and not is_gtin(self.deposit_gtin):
            return "deposit GTIN is not valid"
        return None

    @property
    def key(self) -> str:
        """The catalog key: the GTIN as 14 digits (already validated, so only padded here)."""
        return self.gtin.zfill(14)

    @property
    def sold_by_weight(self) -> bool:
        return self.unit is Unit.KG

    @property
    def price_embedded(self) -> bool:
        """Sold by a label with the price in the barcode (in-store prefix 20–22)."""
        return self.item_ref is not None and self.unit is Unit.EACH

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; fields at their default are left out to keep files small."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = str(value) if isinstance(value, Unit) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Product:
        try:
            values = dict(data)
            if "unit" in values:
                values["unit"] = Unit(values["unit"])
            return cls(**values)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, ProductError):
                raise
            raise ProductError(
                Text(f"Ugyldig varedata: {exc}", f"invalid product data: {exc}")
            ) from None


def _is_ore(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
