"""VAT per rate, exact to the øre.

Prices are VAT-inclusive. Per rate, the gross is the sum of the lines' net
amounts (after discounts); the VAT is computed once on that sum:

    vat = round_half_up(gross × r / (100 + r)),   net = gross − vat

so for every rate `net + vat == gross` exactly, and the grosses add up to the
sale total. (Computing VAT per line and summing would drift by an øre per line.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pos.domain.rounding import div_round_half_up


@dataclass(frozen=True)
class VatLine:
    rate: int
    gross_ore: int
    vat_ore: int
    net_ore: int


def vat_included(gross_ore: int, rate: int) -> int:
    """The VAT contained in a VAT-inclusive amount at `rate` percent."""
    return div_round_half_up(gross_ore * rate, 100 + rate)


def vat_breakdown(gross_by_rate: Mapping[int, int]) -> tuple[VatLine, ...]:
    """One `VatLine` per rate, highest rate first (the order receipts show them)."""
    out = []
    for rate in sorted(gross_by_rate, reverse=True):
        gross = gross_by_rate[rate]
        vat = vat_included(gross, rate)
        out.append(VatLine(rate, gross, vat, gross - vat))
    return tuple(out)


def sum_by_rate(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """{rate: sum of amounts} from (rate, amount) pairs."""
    totals: dict[int, int] = {}
    for rate, amount in pairs:
        totals[rate] = totals.get(rate, 0) + amount
    return totals
