"""Beer sales hours (alkoholloven §3-7): defaults, holidays, settings and the refusal text."""

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from pos.domain.beer_hours import BeerHoursRefused, beer_window, check_beer_sale
from pos.domain.clock import NaiveDatetimeError
from pos.domain.settings import BeerHours, SettingsError

from .helpers import oslo

HOURS = BeerHours()


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (oslo(2025, 3, 14, 7, 59), False),
        (oslo(2025, 3, 14, 8, 0), True),
        (oslo(2025, 3, 14, 19, 59, 59), True),
        (oslo(2025, 3, 14, 20, 0), False),
        (oslo(2025, 3, 15, 17, 59), True),  # Saturday
        (oslo(2025, 3, 15, 18, 0), False),
        (oslo(2025, 3, 16, 12, 0), False),  # Sunday
        (oslo(2025, 5, 1, 12, 0), False),
        (oslo(2025, 5, 17, 12, 0), False),
        (oslo(2025, 4, 30, 19, 0), True),  # day before 1 May: ordinary weekday
        (oslo(2025, 5, 16, 19, 0), True),  # day before 17 May: ordinary weekday
        (oslo(2025, 4, 16, 18, 30), False),  # Wednesday before Maundy Thursday
        (oslo(2025, 4, 17, 12, 0), False),  # Maundy Thursday
        (oslo(2025, 4, 19, 17, 0), True),  # Easter Saturday
        (oslo(2025, 5, 28, 19, 30), True),  # day before Ascension: the law's exception
        (oslo(2025, 5, 29, 12, 0), False),  # Ascension Day
        (oslo(2025, 12, 24, 17, 59), True),  # Christmas Eve: day before a holiday
        (oslo(2025, 12, 24, 18, 0), False),
        (oslo(2025, 12, 31, 18, 30), False),  # New Year's Eve
        (oslo(2025, 6, 7, 12, 0), True),  # Whit Saturday
        (oslo(2025, 6, 9, 12, 0), False),  # Whit Monday
    ],
)
def test_default_hours(moment, allowed):
    if allowed:
        assert check_beer_sale(moment, HOURS).allows(moment.time())
    else:
        with pytest.raises(BeerHoursRefused):
            check_beer_sale(moment, HOURS)


def test_the_ascension_exception_can_be_turned_off():
    hours = BeerHours(ascension_eve_as_weekday=False)
    with pytest.raises(BeerHoursRefused) as caught:
        check_beer_sale(oslo(2025, 5, 28, 19, 30), hours)
    assert "Kristi himmelfartsdag" in caught.value.message("nb")


def test_refusal_explains_why_and_gives_todays_hours():
    with pytest.raises(BeerHoursRefused) as caught:
        check_beer_sale(oslo(2025, 3, 15, 18, 5), HOURS)
    assert caught.value.message("nb") == (
        "Øl kan ikke selges nå (lørdag kl. 18:05). "
        "Salgstid i dag: 08:00–18:00 (dag før søndag)."
    )
    assert caught.value.message("en") == (
        "Beer cannot be sold now (Saturday 18:05). Hours today: 08:00–18:00 (day before Sunday)."
    )
    assert caught.value.window.closes == time(18)
    assert caught.value.code == "beer_hours"


def test_closed_day_refusal_names_the_day():
    with pytest.raises(BeerHoursRefused) as caught:
        check_beer_sale(oslo(2025, 5, 17, 10, 0), HOURS)
    assert "17. mai" in caught.value.message("nb")
    assert "Constitution Day" in caught.value.message("en")


def test_a_municipality_can_narrow_hours_and_close_days():
    hours = replace(
        HOURS,
        weekday=(time(9), time(18)),
        closed_dates=frozenset({date(2025, 9, 8)}),  # an election day
        special_hours=((date(2025, 4, 19), time(8), time(16)),),  # Easter Eve until 16
    )
    with pytest.raises(BeerHoursRefused):
        check_beer_sale(oslo(2025, 3, 14, 18, 30), hours)
    with pytest.raises(BeerHoursRefused, match="municipal"):
        check_beer_sale(oslo(2025, 9, 8, 12, 0), hours)
    with pytest.raises(BeerHoursRefused, match="16:00"):
        check_beer_sale(oslo(2025, 4, 19, 16, 30), hours)
    assert beer_window(date(2025, 4, 19), hours).closes == time(16)


def test_utc_input_is_judged_in_oslo_time():
    # 18:30 UTC on a summer Friday is 20:30 in Oslo (CEST): too late.
    with pytest.raises(BeerHoursRefused):
        check_beer_sale(datetime(2025, 6, 13, 18, 30, tzinfo=UTC), HOURS)
    assert check_beer_sale(datetime(2025, 1, 10, 18, 30, tzinfo=UTC), HOURS)


def test_naive_time_is_refused():
    with pytest.raises(NaiveDatetimeError):
        check_beer_sale(datetime(2025, 3, 14, 12, 0), HOURS)


def test_opening_must_come_before_closing():
    with pytest.raises(SettingsError):
        BeerHours(weekday=(time(20), time(8)))
