"""VAT per rate exact to the øre, and cash rounding that never touches card payments."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.rounding import div_round_half_up, round_cash
from pos.domain.sale_errors import TenderError
from pos.domain.tender import TenderKind, cash_due, settle
from pos.domain.vat import vat_breakdown, vat_included

RATES = st.sampled_from([25, 15, 12, 0])


@pytest.mark.parametrize(
    ("gross", "rate", "vat"),
    [(12500, 25, 2500), (11500, 15, 1500), (11200, 12, 1200), (1000, 0, 0), (1, 25, 0),
     (2, 25, 0), (3, 25, 1), (1090, 15, 142), (-12500, 25, -2500), (-3, 25, -1)],
)
def test_vat_included(gross, rate, vat):
    assert vat_included(gross, rate) == vat


@given(st.dictionaries(RATES, st.integers(-10**8, 10**8), max_size=4))
def test_vat_parts_and_nets_add_up_to_the_gross_exactly(gross_by_rate):
    lines = vat_breakdown(gross_by_rate)
    assert [line.rate for line in lines] == sorted(gross_by_rate, reverse=True)
    for line in lines:
        assert line.net_ore + line.vat_ore == line.gross_ore == gross_by_rate[line.rate]
        exact = line.gross_ore * line.rate / (100 + line.rate)
        assert abs(line.vat_ore - exact) <= 0.5
    assert sum(line.gross_ore for line in lines) == sum(gross_by_rate.values())


@pytest.mark.parametrize(
    ("ore", "rounded"),
    [(12301, 12300), (12349, 12300), (12350, 12400), (12399, 12400), (12300, 12300), (49, 0),
     (50, 100), (-12349, -12300), (-12350, -12400)],
)
def test_cash_rounding_1_to_49_down_50_to_99_up(ore, rounded):
    assert round_cash(ore) == rounded


@given(st.integers(-10**9, 10**9), st.integers(1, 10**6))
def test_div_round_half_up_is_nearest(numerator, denominator):
    q = div_round_half_up(numerator, denominator)
    assert abs(q * denominator - numerator) * 2 <= denominator


def test_cash_that_settles_is_rounded_and_gives_change():
    s = settle(TenderKind.CASH, 50000, 41339, cash_rounding=True)
    assert (s.applied_ore, s.rounding_ore, s.change_ore) == (41339, -39, 8700)
    s = settle(TenderKind.CASH, 10000, 9950, cash_rounding=True)
    assert (s.applied_ore, s.rounding_ore, s.change_ore) == (9950, 50, 0)


def test_part_cash_is_exact_and_in_whole_kroner():
    s = settle(TenderKind.CASH, 10000, 41339, cash_rounding=True)
    assert (s.applied_ore, s.rounding_ore, s.change_ore) == (10000, 0, 0)
    with pytest.raises(TenderError, match="whole kroner"):
        settle(TenderKind.CASH, 10050, 41339, cash_rounding=True)


def test_without_cash_rounding_cash_is_exact():
    s = settle(TenderKind.CASH, 50000, 41339, cash_rounding=False)
    assert (s.rounding_ore, s.change_ore) == (0, 8661)
    assert cash_due(41339, False) == 41339


def test_payout_when_the_sale_owes_the_shopper():
    s = settle(TenderKind.CASH, 0, -2310, cash_rounding=True)
    assert (s.applied_ore, s.rounding_ore, s.change_ore) == (-2310, 10, 2300)


@pytest.mark.parametrize("kind", [TenderKind.CARD, TenderKind.COOPAY])
def test_card_and_coopay_are_exact_and_never_exceed_what_is_left(kind):
    s = settle(kind, 41339, 41339, cash_rounding=True)
    assert (s.applied_ore, s.rounding_ore, s.change_ore) == (41339, 0, 0)
    with pytest.raises(TenderError, match="between"):
        settle(kind, 41340, 41339, cash_rounding=True)
    with pytest.raises(TenderError):
        settle(kind, 0, 41339, cash_rounding=True)
    with pytest.raises(TenderError, match="Nothing is left"):
        settle(kind, 100, -50, cash_rounding=True)


@pytest.mark.parametrize("amount", [-1, 1.5, True])
def test_amounts_are_whole_positive_ore(amount):
    with pytest.raises(TenderError):
        settle(TenderKind.CASH, amount, 1000, cash_rounding=True)


@given(st.integers(1, 10**7), st.integers(1, 10**7))
def test_rounding_never_moves_a_card_payment(remaining, amount):
    try:
        s = settle(TenderKind.CARD, amount, remaining, cash_rounding=True)
    except TenderError:
        assert amount > remaining
        return
    assert s.applied_ore == amount and s.rounding_ore == 0 and s.change_ore == 0


@given(st.integers(-10**6, 10**7), st.integers(0, 10**5).map(lambda kr: kr * 100))
def test_cash_rounding_is_at_most_49_ore_and_only_when_settling(remaining, amount):
    try:
        s = settle(TenderKind.CASH, amount, remaining, cash_rounding=True)
    except TenderError:
        return
    assert abs(s.rounding_ore) <= 50
    assert s.change_ore >= 0
    if s.applied_ore != remaining:
        assert s.rounding_ore == 0 and s.change_ore == 0
    else:
        assert (remaining + s.rounding_ore) % 100 == 0
