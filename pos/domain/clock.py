"""Time for the whole till: always an aware datetime, judged and stored in Europe/Oslo.

The one place that knows the zone. Why Oslo: beer hours, holidays and the Z
report's day are Norwegian wall-clock rules, and the signed journal text and
SAF-T carry local date and time. Why an injected clock: tests and the virtual
rig need a till that lives at a chosen moment (a DST night, a Sunday, a Z
report at midnight), so nothing reads `datetime.now()` but `oslo_now`.

A naive datetime is refused: "20:00" means nothing without a zone, and a till
near a DST change would otherwise sell beer an hour too long.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pos.domain.texts import DomainError, T

OSLO = ZoneInfo("Europe/Oslo")

Clock = Callable[[], datetime]
"""Returns the current moment as an aware datetime (any zone; callers convert to Oslo)."""


class NaiveDatetimeError(DomainError):
    code = "naive_datetime"


def oslo_now() -> datetime:
    """The real clock of the till."""
    return datetime.now(OSLO)


def to_oslo(moment: datetime) -> datetime:
    """`moment` converted to Oslo local time; raises `NaiveDatetimeError` if it has no zone."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(T("naive_time", moment=repr(moment)))
    return moment.astimezone(OSLO)


class SteppingClock:
    """A clock for tests and the virtual rig: starts at `start`, moves `step` per reading.

    It counts in UTC: adding to an Oslo datetime is wall-clock arithmetic in
    Python, which would skip or repeat an hour at the DST changes.
    """

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        self._utc = to_oslo(start).astimezone(UTC)
        self.step = step

    @property
    def now(self) -> datetime:
        return to_oslo(self._utc)

    @now.setter
    def now(self, moment: datetime) -> None:
        """Jump to `moment` (tests: a Sunday, after beer hours)."""
        self._utc = to_oslo(moment).astimezone(UTC)

    def __call__(self) -> datetime:
        now = self.now
        self._utc += self.step
        return now

    def advance(self, delta: timedelta) -> None:
        self._utc += delta
