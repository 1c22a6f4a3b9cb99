"""Totals of a sale: member prices, offers, VAT per rate, deposit, dividend base.

One pure function, `compute_totals`, recomputed after every change so offers and
member prices always reflect the live lines. Invariants the tests hold it to:
`total == sum of line nets == sum of VAT grosses`, `net + vat == gross` per
rate, and a voided line contributes nothing anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos.domain.dividend import dividend_preview, earns_dividend
from pos.domain.lines import LineKind, PriceSource, SaleLine
from pos.domain.offers import AppliedOffer, Offer, OfferUnits, apply_offers
from pos.domain.settings import StoreSettings
from pos.domain.vat import VatLine, sum_by_rate, vat_breakdown


@dataclass(frozen=True)
class LineTotal:
    line_id: int
    gross_ore: int
    member_discount_ore: int = 0
    offer_discount_ore: int = 0

    @property
    def net_ore(self) -> int:
        return self.gross_ore - self.member_discount_ore - self.offer_discount_ore


@dataclass(frozen=True)
class SaleTotals:
    lines: tuple[LineTotal, ...]
    """Live lines only, in line order."""
    offers: tuple[AppliedOffer, ...]
    vat: tuple[VatLine, ...]
    gross_ore: int
    member_discount_ore: int
    offer_discount_ore: int
    total_ore: int
    deposit_ore: int
    deposit_slips_ore: int
    dividend_base_ore: int
    dividend_preview_ore: int
    item_count: int

    def line(self, line_id: int) -> LineTotal | None:
        return next((t for t in self.lines if t.line_id == line_id), None)


def _member_unit_price(line: SaleLine, member_prices: bool) -> int:
    product = line.product
    if (
        member_prices
        and line.kind is LineKind.ITEM
        and line.price_source in (PriceSource.CATALOG, PriceSource.WEIGHT)
        and product is not None
        and product.member_price_ore is not None
    ):
        return product.member_price_ore
    return line.unit_price_ore


def compute_totals(
    lines: Sequence[SaleLine],
    offers: Sequence[Offer],
    *,
    member_prices: bool,
    settings: StoreSettings,
) -> SaleTotals:
    live = [line for line in lines if line.active]
    unit_prices = {line.line_id: _member_unit_price(line, member_prices) for line in live}
    offer_result = apply_offers(
        [
            OfferUnits(line.line_id, line.key or "", line.quantity, unit_prices[line.line_id])
            for line in live
            if line.kind is LineKind.ITEM and line.price_source is PriceSource.CATALOG
        ],
        offers,
        member=member_prices,
    )
    totals = [
        LineTotal(
            line.line_id,
            line.amount_ore,
            line.amount_ore - line.amount_at(unit_prices[line.line_id]),
            offer_result.discounts.get(line.line_id, 0),
        )
        for line in live
    ]
    by_id = {t.line_id: t for t in totals}
    vat = vat_breakdown(sum_by_rate((line.vat_rate, by_id[line.line_id].net_ore) for line in live))
    dividend_base = max(
        0, sum(by_id[line.line_id].net_ore for line in live if earns_dividend(line, settings))
    )
    return SaleTotals(
        lines=tuple(totals),
        offers=offer_result.applied,
        vat=vat,
        gross_ore=sum(t.gross_ore for t in totals),
        member_discount_ore=sum(t.member_discount_ore for t in totals),
        offer_discount_ore=sum(t.offer_discount_ore for t in totals),
        total_ore=sum(t.net_ore for t in totals),
        deposit_ore=sum(line.amount_ore for line in live if line.kind is LineKind.DEPOSIT),
        deposit_slips_ore=sum(
            line.amount_ore for line in live if line.kind is LineKind.DEPOSIT_SLIP
        ),
        dividend_base_ore=dividend_base,
        dividend_preview_ore=dividend_preview(dividend_base, settings.dividend_rate_bp),
        item_count=sum(
            1 if line.weight_g is not None else line.quantity
            for line in live
            if line.kind is LineKind.ITEM
        ),
    )
