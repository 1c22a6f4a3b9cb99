"""Time for the journal: always aware, always Europe/Oslo.

Why injected: tests and the virtual rig need a till that lives at a chosen
moment (a DST night, a Sunday, a Z report at midnight). Why Oslo: the signed
text and SAF-T carry local date and time without an offset, so every entry is
stored in the register's own zone and the offset is kept beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pos.journal.errors import JournalError

OSLO = ZoneInfo("Europe/Oslo")

Clock = Callable[[], datetime]
"""Returns the current moment as an aware datetime (any zone; it is converted to Oslo)."""


def oslo_now() -> datetime:
    """The real clock of the till."""
    return datetime.now(OSLO)


def to_oslo(moment: datetime) -> datetime:
    """The same instant in Europe/Oslo; a naive time is refused because its zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise JournalError(f"the clock gave a naive time {moment!r}; give an aware datetime")
    return moment.astimezone(OSLO)


def format_ts(moment: datetime) -> str:
    """`2024-05-02T12:00:01.000000+02:00`: fixed width, so stored texts sort and hash stably."""
    return to_oslo(moment).isoformat(timespec="microseconds")


def parse_ts(text: str) -> datetime:
    """The inverse of `format_ts`, as an Oslo datetime.

    Compare or subtract such datetimes after `.astimezone(UTC)`: Python does
    arithmetic on datetimes of one zone in wall-clock time, which is an hour
    off across the autumn DST change.
    """
    return to_oslo(datetime.fromisoformat(text))


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
