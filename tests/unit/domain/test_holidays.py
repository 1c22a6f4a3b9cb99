"""Norwegian public holidays, moveable ones from Easter."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.holidays import ascension_day, easter_sunday, holiday_on, public_holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2000, date(2000, 4, 23)), (2008, date(2008, 3, 23)), (2011, date(2011, 4, 24)),
     (2019, date(2019, 4, 21)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
     (2026, date(2026, 4, 5)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22))],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


@given(st.integers(1900, 2400))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_the_twelve_holidays_of_2025():
    names = {d: h.name.nb for d, h in public_holidays(2025).items()}
    assert names == {
        date(2025, 1, 1): "1. nyttårsdag",
        date(2025, 4, 17): "skjærtorsdag",
        date(2025, 4, 18): "langfredag",
        date(2025, 4, 20): "1. påskedag",
        date(2025, 4, 21): "2. påskedag",
        date(2025, 5, 1): "1. mai",
        date(2025, 5, 29): "Kristi himmelfartsdag",
        date(2025, 5, 17): "17. mai",
        date(2025, 6, 8): "1. pinsedag",
        date(2025, 6, 9): "2. pinsedag",
        date(2025, 12, 25): "1. juledag",
        date(2025, 12, 26): "2. juledag",
    }


def test_1_and_17_may_are_hoytidsdager_not_helligdager():
    assert holiday_on(date(2025, 5, 17)).kind == "hoytidsdag"
    assert holiday_on(date(2025, 5, 1)).kind == "hoytidsdag"
    assert holiday_on(date(2025, 12, 25)).kind == "helligdag"
    assert holiday_on(date(2025, 12, 24)) is None


def test_ascension_on_1_may_is_named_as_the_church_holiday():
    assert ascension_day(2008) == date(2008, 5, 1)
    assert holiday_on(date(2008, 5, 1)).kind == "helligdag"


@given(st.integers(1950, 2200))
def test_moveable_holidays_keep_their_weekdays(year):
    easter = easter_sunday(year)
    assert (easter - timedelta(days=3)).weekday() == 3
    assert ascension_day(year).weekday() == 3
    assert holiday_on(easter + timedelta(days=50)).name.en == "Whit Monday"
