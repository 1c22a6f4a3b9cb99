"""money.py: øre in, Norwegian and English text out, and back."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.money import MoneyError, format_amount, format_money, parse_amount, two_decimals

ORE = st.integers(min_value=-(10**11) + 1, max_value=10**11 - 1)


@pytest.mark.parametrize(
    ("ore", "nb", "en"),
    [
        (0, "kr 0,00", "NOK 0.00"),
        (5, "kr 0,05", "NOK 0.05"),
        (123450, "kr 1 234,50", "NOK 1,234.50"),
        (100000000, "kr 1 000 000,00", "NOK 1,000,000.00"),
        (-1200, "kr -12,00", "NOK -12.00"),
    ],
)
def test_format_money_in_both_languages(ore, nb, en):
    assert format_money(ore, "nb") == nb
    assert format_money(ore, "en") == en


def test_format_amount_is_the_number_without_currency():
    assert format_amount(123450) == "1 234,50"
    assert format_amount(123450, "en") == "1,234.50"


@pytest.mark.parametrize("bad", [12.5, "12", True, None])
def test_format_money_refuses_anything_but_integer_ore(bad):
    with pytest.raises(MoneyError):
        format_money(bad)


def test_format_money_refuses_unknown_language():
    with pytest.raises(MoneyError):
        format_money(100, "sv")


@pytest.mark.parametrize(
    ("text", "ore"),
    [("12", 1200), ("12,5", 1250), ("12.50", 1250), ("1 234,50", 123450), ("kr 20", 2000),
     ("NOK 7,05", 705), ("-3,10", -310), ("  0,01 ", 1)],
)
def test_parse_amount_reads_what_a_cashier_types(text, ore):
    assert parse_amount(text) == ore


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1.2.3", "kr", "12,-", "1e5"])
def test_parse_amount_rejects_non_amounts_with_money_error(text):
    with pytest.raises(MoneyError, match="not an amount"):
        parse_amount(text)


@given(ORE.filter(lambda o: abs(o) < 10**11), st.sampled_from(["nb", "en"]))
def test_format_then_parse_round_trips(ore, lang):
    if abs(ore) >= 10**9 * 100:
        return
    text = format_money(ore, lang).replace(",", "") if lang == "en" else format_money(ore, lang)
    assert parse_amount(text) == ore


@given(st.text(max_size=30))
def test_parse_amount_raises_only_money_error(text):
    try:
        value = parse_amount(text)
    except MoneyError:
        return
    assert isinstance(value, int)


@given(ORE)
def test_two_decimals_is_a_dot_and_two_digits(ore):
    text = two_decimals(ore)
    whole, _, frac = text.lstrip("-").partition(".")
    assert len(frac) == 2
    assert (int(whole) * 100 + int(frac)) * (-1 if text.startswith("-") else 1) == ore
