"""Kjøpeutbytte and bonus arithmetic: integer øre, half-up rounding, returns never overpay."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from backend_stub.purchases.earnings import (
    BonusRule,
    BonusRules,
    Line,
    for_return,
    for_sale,
    share,
)

amounts = st.integers(min_value=-10_000_000, max_value=10_000_000)
rates = st.integers(min_value=0, max_value=10_000)


@given(amounts, rates)
def test_share_is_exact_half_up(amount, rate):
    expected = (Decimal(abs(amount)) * rate / 10_000).quantize(Decimal(1), ROUND_HALF_UP)
    assert share(amount, rate) == (int(expected) if amount >= 0 else -int(expected))


def test_dividend_examples():
    lines = [Line(10_000, True), Line(333, True), Line(200, False), Line(9_999, True, voided=True)]
    earned = for_sale(lines, 150, [])
    assert earned.eligible_ore == 10_333
    assert earned.dividend_ore == 155  # 154.995 rounds up
    assert for_sale([Line(-500, True)], 150, []).dividend_ore == 0  # a payout earns nothing


def test_bonus_takes_the_best_matching_rule_per_line():
    rules = [
        BonusRule("product_group", "frukt_gront", 200),
        BonusRule("gtin", "7038010000706", 1000),
    ]
    lines = [
        Line(1_000, True, gtin="7038010000706", product_group="frukt_gront"),
        Line(1_000, True, product_group="frukt_gront"),
        Line(1_000, True, product_group="meieri"),
    ]
    earned = for_sale(lines, 0, rules)
    assert earned.line_bonus == (100, 20, 0) and earned.bonus_ore == 120


line_lists = st.lists(
    st.builds(
        Line,
        st.integers(min_value=-50_000, max_value=50_000),
        st.booleans(),
        st.booleans(),
        st.none(),
        st.sampled_from(["", "frukt_gront", "meieri"]),
    ),
    max_size=20,
)


@given(line_lists, rates)
def test_a_sale_never_earns_on_voided_or_ineligible_lines(lines, rate):
    earned = for_sale(lines, rate, [BonusRule("product_group", "frukt_gront", 500)])
    counted = sum(x.amount_ore for x in lines if x.dividend_eligible and not x.voided)
    assert earned.eligible_ore == max(counted, 0)
    assert earned.dividend_ore >= 0 and earned.bonus_ore >= 0
    assert all(b == 0 for x, b in zip(lines, earned.line_bonus, strict=True) if x.voided)


@given(
    line_lists,
    rates,
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
)
def test_a_return_never_takes_back_more_than_is_left(lines, rate, dividend_left, bonus_left):
    returned = [
        Line(-abs(x.amount_ore), x.dividend_eligible, x.voided, x.gtin, x.product_group)
        for x in lines
    ]
    earned = for_return(
        returned,
        rate,
        [BonusRule("product_group", "meieri", 300)],
        dividend_left=dividend_left,
        bonus_left=bonus_left,
        eligible_left=sum(abs(x.amount_ore) for x in lines),
    )
    assert -dividend_left <= earned.dividend_ore <= 0
    assert -bonus_left <= earned.bonus_ore <= 0


@given(
    st.lists(st.integers(min_value=1, max_value=50_000), min_size=1, max_size=8),
    rates,
)
def test_part_returns_of_a_whole_sale_take_back_exactly_what_it_earned(parts, rate):
    """However a sale is returned in parts, the dividend taken back adds up to what it earned."""
    sale = for_sale([Line(p, True) for p in parts], rate, [])
    dividend_left, eligible_left = sale.dividend_ore, sale.eligible_ore
    for part in parts:  # one return per line, in order
        back = for_return(
            [Line(-part, True)], rate, [],
            dividend_left=dividend_left, bonus_left=0, eligible_left=eligible_left,
        )
        dividend_left += back.dividend_ore
        eligible_left += back.eligible_ore
    assert (dividend_left, eligible_left) == (0, 0)


_KEYS = st.sampled_from(["", "meieri", "frukt_gront", "7038010000706", "7311041013663"])


@given(
    rules=st.lists(
        st.builds(
            BonusRule,
            kind=st.sampled_from(["gtin", "product_group"]),
            match=_KEYS,
            rate_bp=st.integers(1, 10_000),
        ),
        max_size=8,
    ),
    gtin=st.one_of(st.none(), _KEYS),
    group=_KEYS,
)
def test_a_lines_bonus_rate_is_the_highest_matching_rule(rules, gtin, group):
    """The indexed rules (`BonusRules`) answer what a pass over every rule answers."""
    line = Line(1000, True, gtin=gtin, product_group=group)
    expected = max(
        (
            r.rate_bp
            for r in rules
            if (r.kind == "gtin" and gtin and r.match == gtin)
            or (r.kind == "product_group" and group and r.match == group)
        ),
        default=0,
    )
    assert BonusRules(rules).rate(line) == expected
