"""A sale line: what was sold (or voided) and for how much, before offers.

Lines are frozen; the sale replaces a line with an updated copy when its
quantity changes or it is voided, so a line handed to the UI never changes
under it. A voided line stays in the sale (kassasystemforskriften: nothing
registered is deleted) and counts for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pos.domain.groups import DEPOSIT_GROUP
from pos.domain.product import Product
from pos.domain.rounding import div_round_half_up


class LineKind(StrEnum):
    ITEM = "item"
    DEPOSIT = "deposit"
    """Pant for a bottle or can: linked to its item, added and voided with it."""
    DEPOSIT_SLIP = "deposit_slip"
    """A redeemed reverse-vending slip: a negative amount."""


class PriceSource(StrEnum):
    CATALOG = "catalog"
    WEIGHT = "weight"
    """Price per kg × weight (scale at the till or a weight label)."""
    LABEL = "label"
    """The price printed in an in-store barcode."""
    SLIP = "slip"


@dataclass(frozen=True)
class SaleLine:
    line_id: int
    kind: LineKind
    description: str
    group: str
    vat_rate: int
    unit_price_ore: int
    """Per unit, per kg (weighed lines), the label price, or minus a slip's value."""
    quantity: int = 1
    weight_g: int | None = None
    price_source: PriceSource = PriceSource.CATALOG
    product: Product | None = None
    parent_id: int | None = None
    """For a deposit line: the item it belongs to."""
    deposit_line_id: int | None = None
    """For an item with pant: its deposit line."""
    slip_id: str | None = None
    voided: bool = False
    void_reason: str = ""

    @property
    def active(self) -> bool:
        return not self.voided

    @property
    def amount_ore(self) -> int:
        """The line's price before member prices and offers."""
        return self.amount_at(self.unit_price_ore)

    def amount_at(self, unit_price_ore: int) -> int:
        """What the line costs at another unit price (member prices use this)."""
        if self.weight_g is not None:
            return div_round_half_up(unit_price_ore * self.weight_g, 1000)
        return unit_price_ore * self.quantity

    @property
    def age_limit(self) -> int:
        return (self.product.age_limit or 0) if self.product and self.kind is LineKind.ITEM else 0

    @property
    def beer_hours(self) -> bool:
        return bool(self.product and self.kind is LineKind.ITEM and self.product.beer_hours)

    @property
    def key(self) -> str | None:
        """The product's catalog key (GTIN-14), None for slips."""
        return self.product.key if self.product else None


def item_line(line_id: int, product: Product, unit_price_ore: int, **values: Any) -> SaleLine:
    """A product line; description, group and VAT rate come from the product snapshot."""
    return SaleLine(
        line_id=line_id,
        kind=LineKind.ITEM,
        description=product.name,
        group=product.group,
        vat_rate=product.vat_rate,
        unit_price_ore=unit_price_ore,
        product=product,
        **values,
    )


def deposit_line(line_id: int, item: SaleLine, deposit: Product, vat_rate: int) -> SaleLine:
    """The pant line that belongs to `item`: same quantity, linked both ways by the sale."""
    return SaleLine(
        line_id=line_id,
        kind=LineKind.DEPOSIT,
        description=deposit.name,
        group=DEPOSIT_GROUP,
        vat_rate=vat_rate,
        unit_price_ore=deposit.price_ore,
        quantity=item.quantity,
        product=deposit,
        parent_id=item.line_id,
    )


def slip_line(line_id: int, slip_id: str, serial: str, value_ore: int, vat_rate: int) -> SaleLine:
    """A redeemed deposit slip: minus its value, in the deposit group."""
    return SaleLine(
        line_id=line_id,
        kind=LineKind.DEPOSIT_SLIP,
        description=f"Pantelapp {serial}",
        group=DEPOSIT_GROUP,
        vat_rate=vat_rate,
        unit_price_ore=-value_ore,
        price_source=PriceSource.SLIP,
        slip_id=slip_id,
    )
