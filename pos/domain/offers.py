"""Multi-buy offers ("3 for 2", "2 for kr 50") and how they price a sale.

Rules (docs/domain.md, "Offers"):
- An offer names a set of GTINs (mix and match) and a bundle size N.
- Eligible units are sorted by price, dearest first (ties: earlier line first),
  and cut into bundles of N; leftover units pay full price.
- "N for Y" (`pay_for`): in each bundle the N−Y cheapest units are free.
- "N for kr P" (`bundle_price_ore`): each bundle costs P; a bundle that would
  cost more than its units' price is not formed.
- A unit counts in at most one offer; offers are applied in `offer_id` order.
- Weighed and price-embedded lines never take part; member-only offers need a member.
- The discount is attributed to the lines it came from (exactly, to the øre, by
  largest remainder), so VAT per rate follows the goods that were discounted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pos.domain.gtin import gtin14
from pos.domain.money import money
from pos.domain.texts import DomainError, T, Text


class OfferError(DomainError):
    code = "invalid_offer"


@dataclass(frozen=True)
class Offer:
    offer_id: str
    title: str
    gtins: frozenset[str]
    buy: int
    pay_for: int | None = None
    bundle_price_ore: int | None = None
    members_only: bool = False

    def __post_init__(self) -> None:
        if not (isinstance(self.offer_id, str) and self.offer_id and isinstance(self.title, str)):
            raise OfferError(_invalid(str(self.offer_id), "offer id and title must be text"))
        counts = (self.buy, self.pay_for, self.bundle_price_ore)
        if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in counts):
            raise OfferError(_invalid(self.offer_id, "counts and prices must be whole numbers"))
        if not isinstance(self.members_only, bool):
            raise OfferError(_invalid(self.offer_id, "members_only must be true or false"))
        try:
            keys = frozenset(gtin14(g) for g in self.gtins)
        except (TypeError, ValueError):
            raise OfferError(_invalid(self.offer_id, "a GTIN is not valid")) from None
        object.__setattr__(self, "gtins", keys)
        if not keys:
            raise OfferError(_invalid(self.offer_id, "no products"))
        if self.buy < 2:
            raise OfferError(_invalid(self.offer_id, "a bundle has at least 2 units"))
        if (self.pay_for is None) == (self.bundle_price_ore is None):
            raise OfferError(_invalid(self.offer_id, "give either pay_for or bundle_price_ore"))
        if self.pay_for is not None and not 1 <= self.pay_for < self.buy:
            raise OfferError(_invalid(self.offer_id, "pay_for must be 1 … buy−1"))
        if self.bundle_price_ore is not None and self.bundle_price_ore < 0:
            raise OfferError(_invalid(self.offer_id, "bundle price is negative"))

    def label(self) -> Text:
        """`3 for 2 Tine Yoghurt` / `2 for kr 50,00 Sørlandschips`, member offers marked."""
        if self.pay_for is not None:
            deal = Text.literal(f"{self.buy} for {self.pay_for}", f"{self.buy} for {self.pay_for}")
        else:
            price = money(self.bundle_price_ore or 0)
            deal = Text.literal(f"{self.buy} for {price.nb}", f"{self.buy} for {price.en}")
        key = "member_offer_label" if self.members_only else "offer_label"
        return T(key, deal=deal, title=self.title)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "offer_id": self.offer_id,
            "title": self.title,
            "gtins": sorted(self.gtins),
            "buy": self.buy,
        }
        if self.pay_for is not None:
            out["pay_for"] = self.pay_for
        if self.bundle_price_ore is not None:
            out["bundle_price_ore"] = self.bundle_price_ore
        if self.members_only:
            out["members_only"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Offer:
        try:
            return cls(**{**data, "gtins": frozenset(data["gtins"])})
        except (KeyError, TypeError) as exc:
            raise OfferError(T("invalid_offer_2", exc=exc)) from None


def _invalid(offer_id: str, why: str) -> Text:
    return T("invalid_offer", offer_id=offer_id, why=why)


@dataclass(frozen=True)
class OfferUnits:
    """What the engine needs of a line: which product, how many, at which unit price."""

    line_id: int
    key: str
    quantity: int
    unit_price_ore: int


@dataclass(frozen=True)
class AppliedOffer:
    offer: Offer
    bundles: int
    discount_ore: int
    """Positive: how much the offer took off."""
    line_ids: tuple[int, ...]


@dataclass(frozen=True)
class OfferResult:
    discounts: dict[int, int]
    """line id → discount in øre (positive)."""
    applied: tuple[AppliedOffer, ...]


def apply_offers(
    lines: Sequence[OfferUnits], offers: Iterable[Offer], *, member: bool
) -> OfferResult:
    """Price the offers over `lines` (rules in the module docstring)."""
    remaining = {line.line_id: line.quantity for line in lines}
    discounts: dict[int, int] = {}
    applied: list[AppliedOffer] = []
    for offer in sorted(offers, key=lambda o: o.offer_id):
        if offer.members_only and not member:
            continue
        units = sorted(
            (
                (line.unit_price_ore, line.line_id)
                for line in lines
                if line.key in offer.gtins
                for _ in range(remaining[line.line_id])
            ),
            key=lambda unit: (-unit[0], unit[1]),
        )
        bundles, total, touched = 0, 0, set()
        for start in range(0, len(units) - offer.buy + 1, offer.buy):
            chunk = units[start:start + offer.buy]
            shares = _bundle_discount(offer, chunk)
            if shares is None:
                break
            bundles += 1
            for (_, line_id), share in zip(chunk, shares, strict=True):
                remaining[line_id] -= 1
                if share:
                    discounts[line_id] = discounts.get(line_id, 0) + share
                    total += share
                    touched.add(line_id)
        if bundles and total:
            applied.append(AppliedOffer(offer, bundles, total, tuple(sorted(touched))))
    return OfferResult(discounts, tuple(applied))


def _bundle_discount(offer: Offer, chunk: list[tuple[int, int]]) -> list[int] | None:
    """Discount per unit of one bundle (dearest first), or None when no bundle should form."""
    prices = [price for price, _ in chunk]
    if offer.pay_for is not None:
        return [0] * offer.pay_for + prices[offer.pay_for:]
    discount = sum(prices) - (offer.bundle_price_ore or 0)
    if discount <= 0:
        return None
    return split_proportionally(discount, prices)


def split_proportionally(amount: int, weights: Sequence[int]) -> list[int]:
    """Split `amount` øre in proportion to `weights` exactly (largest remainder, ties first).

    Used wherever a discount must be spread over lines: the parts always add up
    to `amount`, and no part is more than 1 øre from its exact share.
    """
    total = sum(weights)
    if total <= 0:
        parts = [0] * len(weights)
        if parts:
            parts[0] = amount
        return parts
    exact = [(amount * w, i) for i, w in enumerate(weights)]
    parts = [num // total for num, _ in exact]
    left = amount - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i][0] % total), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts
