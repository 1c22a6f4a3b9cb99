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
from pos.domain.texts import DomainError, Text

_WEEKDAYS = (
    Text("mandag", "Monday"), Text("tirsdag", "Tuesday"), Text("onsdag", "Wednesday"),
    Text("torsdag", "Thursday"), Text("fredag", "Friday"), Text("lørdag", "Saturday"),
    Text("søndag", "Sunday"),
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
            return Text("ikke salg", "no sales")
        span = f"{self.opens:%H:%M}–{self.closes:%H:%M}"
        return Text(span, span)


class BeerHoursRefused(DomainError):
    """Beer cannot be sold at this moment; the message says why and gives the hours."""

    code = "beer_hours"

    def __init__(self, text: Text, window: BeerWindow):
        super().__init__(text)
        self.window = window


def beer_window(day: date, hours: BeerHours) -> BeerWindow:
    """The window for `day` under `hours` (rules in the module docstring)."""
    if day in hours.closed_dates:
        return BeerWindow(day, None, None, Text("stengt etter kommunal vedtak",
                                                "closed by municipal decision"))
    holiday = holiday_on(day)
    if holiday is not None:
        return BeerWindow(day, None, None, holiday.name)
    if day.weekday() == 6:
        return BeerWindow(day, None, None, Text("søndag", "Sunday"))
    for special_day, opens, closes in hours.special_hours:
        if special_day == day:
            return BeerWindow(day, opens, closes, Text("særskilt salgstid", "special hours"))
    tomorrow = day + timedelta(days=1)
    next_holiday = holiday_on(tomorrow)
    if hours.ascension_eve_as_weekday and tomorrow == ascension_day(tomorrow.year):
        return BeerWindow(day, *hours.weekday, Text("dagen før Kristi himmelfartsdag",
                                                    "the day before Ascension Day"))
    if tomorrow.weekday() == 6:
        return BeerWindow(day, *hours.eve, Text("dag før søndag", "day before Sunday"))
    if next_holiday is not None and next_holiday.kind == "helligdag":
        return BeerWindow(
            day, *hours.eve,
            Text(f"dag før {next_holiday.name.nb}", f"day before {next_holiday.name.en}"),
        )
    return BeerWindow(day, *hours.weekday, Text("vanlig ukedag", "ordinary weekday"))


def check_beer_sale(now: datetime, hours: BeerHours) -> BeerWindow:
    """Today's window if beer may be sold at `now`; raises `BeerHoursRefused` otherwise."""
    local = to_oslo(now)
    window = beer_window(local.date(), hours)
    if window.allows(local.time()):
        return window
    weekday = _WEEKDAYS[local.weekday()]
    clock = f"{local:%H:%M}"
    if window.closed:
        text = Text(
            f"Øl kan ikke selges i dag ({weekday.nb} {local:%d.%m.}: {window.reason.nb}).",
            f"Beer cannot be sold today ({weekday.en} {local:%d %b}: {window.reason.en}).",
        )
    else:
        hours_today = window.hours_text()
        text = Text(
            f"Øl kan ikke selges nå ({weekday.nb} kl. {clock}). "
            f"Salgstid i dag: {hours_today.nb} ({window.reason.nb}).",
            f"Beer cannot be sold now ({weekday.en} {clock}). "
            f"Hours today: {hours_today.en} ({window.reason.en}).",
        )
    raise BeerHoursRefused(text, window)
