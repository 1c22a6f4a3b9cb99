"""What a purchase earns: kjøpeutbytte on eligible lines, bonus by rule. Pure arithmetic.

- Kjøpeutbytte: the store's (co-op's) rate, default 1.5 %, of the sum of
  dividend-eligible, non-voided line amounts, rounded half up to whole øre.
  A sale whose eligible sum is negative (e.g. a deposit payout) earns nothing.
- Bonus: per line, the highest rate of the rules that match its GTIN or product
  group, rounded half up per line.
- A return reverses what the returned lines earned at the original purchase's
  rate, never more than the original earned minus earlier returns.
Rates are basis points (150 = 1.5 %); amounts are integer øre.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BP = 10_000


@dataclass(frozen=True)
class BonusRule:
    kind: str  # "gtin" | "product_group"
    match: str
    rate_bp: int


@dataclass(frozen=True)
class Line:
    amount_ore: int
    dividend_eligible: bool
    voided: bool = False
    gtin: str | None = None
    product_group: str = ""


@dataclass(frozen=True)
class Earned:
    eligible_ore: int
    dividend_ore: int
    bonus_ore: int
    line_bonus: tuple[int, ...]


def share(amount_ore: int, rate_bp: int) -> int:
    """`amount × rate` in whole øre, rounded half away from zero (exact integer maths)."""
    sign = -1 if amount_ore < 0 else 1
    return sign * ((abs(amount_ore) * rate_bp * 2 + BP) // (2 * BP))


def bonus_rate(line: Line, rules: Iterable[BonusRule]) -> int:
    rates = [
        r.rate_bp
        for r in rules
        if (r.kind == "gtin" and line.gtin and r.match == line.gtin)
        or (r.kind == "product_group" and line.product_group and r.match == line.product_group)
    ]
    return max(rates, default=0)


def for_sale(lines: Iterable[Line], rate_bp: int, rules: Iterable[BonusRule]) -> Earned:
    rules = tuple(rules)
    counted = list(lines)
    eligible = sum(x.amount_ore for x in counted if x.dividend_eligible and not x.voided)
    per_line = tuple(
        0 if x.voided or x.amount_ore <= 0 else share(x.amount_ore, bonus_rate(x, rules))
        for x in counted
    )
    dividend = share(eligible, rate_bp) if eligible > 0 else 0
    return Earned(max(eligible, 0), dividend, sum(per_line), per_line)


def for_return(
    lines: Iterable[Line],
    rate_bp: int,
    rules: Iterable[BonusRule],
    *,
    dividend_left: int,
    bonus_left: int,
    eligible_left: int,
) -> Earned:
    """Negative amounts: what the returned lines take back, capped by what is left.

    Dividend is taken back as the difference between what the member holds now
    and what the eligible amount still kept earns at the original rate, not as a
    share of the returned amount on its own: part returns then add up exactly,
    and a sale returned in full in any number of parts leaves nothing credited.
    """
    rules = tuple(rules)
    counted = list(lines)
    returned = -sum(x.amount_ore for x in counted if x.dividend_eligible and not x.voided)
    per_line = tuple(
        0 if x.voided or x.amount_ore >= 0 else share(-x.amount_ore, bonus_rate(x, rules))
        for x in counted
    )
    kept = share(max(eligible_left - returned, 0), rate_bp)
    dividend = max(dividend_left - kept, 0) if returned > 0 else 0  # kept ≥ 0: ≤ what is left
    bonus = min(sum(per_line), max(bonus_left, 0))
    return Earned(-max(returned, 0), -dividend, -bonus, tuple(-b for b in per_line))
