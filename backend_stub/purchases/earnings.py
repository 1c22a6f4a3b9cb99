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
from typing import Protocol

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


class LineLike(Protocol):
    """What earnings reads of a line: a `Line`, or the API's `LineIn` as it is (building
    a `Line` per line cost more than the arithmetic)."""

    @property
    def amount_ore(self) -> int: ...
    @property
    def dividend_eligible(self) -> bool: ...
    @property
    def voided(self) -> bool: ...
    @property
    def gtin(self) -> str | None: ...
    @property
    def product_group(self) -> str: ...


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


class BonusRules:
    """Bonus rules indexed by what they match, so a line's rate is two dictionary
    look-ups rather than a pass over every rule (a purchase has tens of lines, a store
    may have many rules). Rates are positive (`terminals.add_bonus_rule`), so a line
    no rule matches gets 0 and the highest matching rate wins."""

    def __init__(self, rules: Iterable[BonusRule]) -> None:
        self._by_gtin: dict[str, int] = {}
        self._by_group: dict[str, int] = {}
        for rule in rules:
            index = {"gtin": self._by_gtin, "product_group": self._by_group}.get(rule.kind)
            if index is not None and rule.match:
                index[rule.match] = max(index.get(rule.match, 0), rule.rate_bp)

    def rate(self, line: LineLike) -> int:
        """The highest rate of the rules matching the line's GTIN or product group."""
        return max(self._by_gtin.get(line.gtin, 0), self._by_group.get(line.product_group, 0))


def _indexed(rules: Iterable[BonusRule] | BonusRules) -> BonusRules:
    return rules if isinstance(rules, BonusRules) else BonusRules(rules)


def for_sale(
    lines: Iterable[LineLike], rate_bp: int, rules: Iterable[BonusRule] | BonusRules
) -> Earned:
    rules = _indexed(rules)
    counted = list(lines)
    eligible = sum(x.amount_ore for x in counted if x.dividend_eligible and not x.voided)
    per_line = tuple(
        0 if x.voided or x.amount_ore <= 0 else share(x.amount_ore, rules.rate(x))
        for x in counted
    )
    dividend = share(eligible, rate_bp) if eligible > 0 else 0
    return Earned(max(eligible, 0), dividend, sum(per_line), per_line)


def for_return(
    lines: Iterable[LineLike],
    rate_bp: int,
    rules: Iterable[BonusRule] | BonusRules,
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
    rules = _indexed(rules)
    counted = list(lines)
    returned = -sum(x.amount_ore for x in counted if x.dividend_eligible and not x.voided)
    per_line = tuple(
        0 if x.voided or x.amount_ore >= 0 else share(-x.amount_ore, rules.rate(x))
        for x in counted
    )
    kept = share(max(eligible_left - returned, 0), rate_bp)
    dividend = max(dividend_left - kept, 0) if returned > 0 else 0  # kept ≥ 0: ≤ what is left
    bonus = min(sum(per_line), max(bonus_left, 0))
    return Earned(-max(returned, 0), -dividend, -bonus, tuple(-b for b in per_line))
