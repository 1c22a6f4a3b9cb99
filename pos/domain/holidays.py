"""Norwegian public holidays, the moveable ones computed from Easter.

Two kinds matter for the beer rules: *helligdager* (Sundays, church holidays,
New Year's Day, Christmas) and the two *høytidsdager* 1 May and 17 May. No beer
is sold on any of them, but only a day before a Sunday or a helligdag has the
shorter evening hours; the day before 1 or 17 May is an ordinary day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from pos.domain.texts import T, Text


@dataclass(frozen=True)
class Holiday:
    day: date
    name: Text
    kind: str
    """`"helligdag"` or `"hoytidsdag"` (1 and 17 May)."""


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, Holiday]:
    """The twelve Norwegian public holidays of `year`, keyed by date."""
    easter = easter_sunday(year)

    def moveable(days: int, key: str) -> Holiday:
        return Holiday(easter + timedelta(days=days), T(key), "helligdag")

    holidays = [
        Holiday(date(year, 1, 1), T("new_year_s_day"), "helligdag"),
        moveable(-3, "maundy_thursday"),
        moveable(-2, "good_friday"),
        moveable(0, "easter_sunday"),
        moveable(1, "easter_monday"),
        Holiday(date(year, 5, 1), T("1_may_labour_day"), "hoytidsdag"),
        moveable(39, "ascension_day"),
        Holiday(date(year, 5, 17), T("17_may_constitution_day"), "hoytidsdag"),
        moveable(49, "whit_sunday"),
        moveable(50, "whit_monday"),
        Holiday(date(year, 12, 25), T("christmas_day"), "helligdag"),
        Holiday(date(year, 12, 26), T("boxing_day"), "helligdag"),
    ]
    # Ascension can fall on 1 or 17 May; the church holiday then names the day.
    out: dict[date, Holiday] = {}
    for holiday in holidays:
        if holiday.day not in out or holiday.kind == "helligdag":
            out[holiday.day] = holiday
    return out


def holiday_on(day: date) -> Holiday | None:
    return public_holidays(day.year).get(day)


def ascension_day(year: int) -> date:
    return easter_sunday(year) + timedelta(days=39)
