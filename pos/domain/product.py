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
from pos.domain.texts import DomainError, T

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
            raise ProductError(T("invalid_product", gtin=self.gtin, problem=problem))

    def _problem(self) -> str | None:
        """The first thing wrong with this product, or None (data may come from any file)."""
        checks = (
            (isinstance(self.gtin, str) and is_gtin(self.gtin), f"GTIN {self.gtin!r} is not valid"),
            (_is_text(self.name) and bool(self.name.strip()), "name is empty"),
            (_is_text(self.group) and bool(self.group), "group is empty"),
            (_is_ore(self.price_ore), "price must be whole øre, not negative"),
            (
                _is_ore(self.vat_rate) and self.vat_rate in VAT_RATES,
                f"VAT rate {self.vat_rate!r} is not one of {VAT_RATES}",
            ),
            (isinstance(self.unit, Unit), "unit must be each or kg"),
            (
                self.member_price_ore is None
                or (_is_ore(self.member_price_ore) and self.member_price_ore < self.price_ore),
                "member price must be below the price",
            ),
            (self.age_limit in (None, *AGE_LIMITS), f"age limit must be one of {AGE_LIMITS}"),
            (self.plu is None or _digits(self.plu, 4, 5), "PLU must be 4 or 5 digits"),
            (self.item_ref is None or _digits(self.item_ref, 1, 7), "item reference: 1–7 digits"),
            (
                self.deposit_gtin is None
                or (isinstance(self.deposit_gtin, str) and is_gtin(self.deposit_gtin)),
                "deposit GTIN is not valid",
            ),
            (all(v is None or _is_ore(v) for v in (self.abv_centi, self.volume_ml)),
             "ABV and volume must be whole numbers"),
            (isinstance(self.beer_hours, bool) and isinstance(self.dividend_excluded, bool),
             "flags must be true or false"),
            (_is_text(self.brand), "brand must be text"),
        )
        return next((problem for ok, problem in checks if not ok), None)

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
        except ProductError:
            raise
        except (TypeError, ValueError) as exc:
            raise ProductError(T("invalid_product_data", exc=exc)) from None


def _is_ore(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _digits(value: object, low: int, high: int) -> bool:
    return (
        isinstance(value, str) and value.isascii() and value.isdigit() and low <= len(value) <= high
    )
