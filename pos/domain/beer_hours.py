"""When beer (drinks over 2.5 % ABV sold in grocery stores) may be sold (alkoholloven §3-7).

For a calendar day the store's `BeerHours` give a window or none:
1. a date the municipality closed (`closed_dates`): none;
2. Sunday, a public holiday, 1 May, 17 May: none;
3. a date with `special_hours`: those;
4. a day before a Sunday or a helligdag (so every Saturday, Easter Eve,
   Christmas Eve…): the eve hours (08–18), except the day before Ascension Day,
   which keeps weekday hours unless the store turns that exception off;
5. otherwise weekday hours (08–20).
Sales are allowed from the opening time up to, not including, the closing time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pos.domain.clock import to_oslo
from pos.domain.holidays import ascension_day, holiday_on
from pos.domain.settings import BeerHours
from pos.domain.texts import DomainError, T, Text

_WEEKDAYS = (
    T("monday"), T("tuesday"), T("wednesday"),
    T("thursday"), T("friday"), T("saturday"),
    T("sunday"),
)


@dataclass(frozen=True)
class BeerWindow:
    """The beer sales window of one day (`opens`/`closes` None when closed all day)."""

    day: date
    opens: time | None
    closes: time | None
    reason: Text
    """Why the day has these hours: `vanlig ukedag`, `dag før søndag`, `1. mai`…"""

    @property
    def closed(self) -> bool:
        return self.opens is None

    def allows(self, moment: time) -> bool:
        return self.opens is not None and self.closes is not None and (
            self.opens <= moment < self.closes
        )

    def hours_text(self) -> Text:
        if self.opens is None or self.closes is None:
            return T("no_sales")
        span = f"{self.opens:%H:%M}–{self.closes:%H:%M}"
        return Text.literal(span, span)  # a time span reads the same in both


class BeerHoursRefused(DomainError):
    """Beer cannot be sold at this moment; the message says why and gives the hours."""

    code = "beer_hours"

    def __init__(self, text: Text, window: BeerWindow):
        super().__init__(text)
        self.window = window


def beer_window(day: date, hours: BeerHours) -> BeerWindow:
    """The window for `day` under `hours` (rules in the module docstring)."""
    if day in hours.closed_dates:
        return BeerWindow(day, None, None, T("closed_municipal_decision"))
    holiday = holiday_on(day)
    if holiday is not None:
        return BeerWindow(day, None, None, holiday.name)
    if day.weekday() == 6:
        return BeerWindow(day, None, None, T("sunday"))
    for special_day, opens, closes in hours.special_hours:
        if special_day == day:
            return BeerWindow(day, opens, closes, T("special_hours"))
    tomorrow = day + timedelta(days=1)
    next_holiday = holiday_on(tomorrow)
    if hours.ascension_eve_as_weekday and tomorrow == ascension_day(tomorrow.year):
        return BeerWindow(day, *hours.weekday, T("day_before_ascension_day"))
    if tomorrow.weekday() == 6:
        return BeerWindow(day, *hours.eve, T("day_before_sunday"))
    if next_holiday is not None and next_holiday.kind == "helligdag":
        return BeerWindow(
            day, *hours.eve,
            T("day_before", name=next_holiday.name),
        )
    return BeerWindow(day, *hours.weekday, T("ordinary_weekday"))


def check_beer_sale(now: datetime, hours: BeerHours) -> BeerWindow:
    """Today's window if beer may be sold at `now`; raises `BeerHoursRefused` otherwise."""
    local = to_oslo(now)
    window = beer_window(local.date(), hours)
    if window.allows(local.time()):
        return window
    weekday = _WEEKDAYS[local.weekday()]
    clock = f"{local:%H:%M}"
    if window.closed:
        text = T("beer_cannot_sold_today", weekday=weekday, local=local, reason=window.reason)
    else:
        hours_today = window.hours_text()
        text = T("beer_cannot_sold_now_hours", weekday=weekday, clock=clock,
                 hours_today=hours_today, reason=window.reason)
    raise BeerHoursRefused(text, window)
