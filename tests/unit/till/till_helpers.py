"""Helpers of the till engine's unit tests: a clock the test moves, an event recorder."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pos.journal import Journal
from pos.till import Till

OSLO = ZoneInfo("Europe/Oslo")
TUESDAY_NOON = datetime(2025, 3, 4, 12, 0, tzinfo=OSLO)


class Clock:
    def __init__(self, now: datetime = TUESDAY_NOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)  # every event a little later, like a real clock
        return self.now


class Recorder(list):
    """The till's listener: every event, in order, with helpers to find some."""

    def of(self, cls):
        return [e for e in self if isinstance(e, cls)]

    def last(self, cls):
        found = self.of(cls)
        assert found, f"no {cls.__name__} among {[type(e).__name__ for e in self]}"
        return found[-1]

    def codes(self):
        from pos.till import Notice

        return [e.code for e in self.of(Notice)]


def open_till(directory: Path, catalog, clock=None, events=None, **kwargs) -> Till:
    """A started till on the journal in `directory` (reopening it is a restart)."""
    clock = clock or Clock()
    journal = Journal.open(directory / "journal.sqlite3", register_id="3", store_id="1001",
                           clock=clock)
    listener = events.append if events is not None else None
    till = Till(journal=journal, catalog=catalog, clock=clock, listener=listener, **kwargs)
    till.start(sync=False)
    return till
