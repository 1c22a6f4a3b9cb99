"""Helpers of the lane's unit tests (imported by name: no conftest imports across dirs)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
TUESDAY_NOON = datetime(2025, 3, 4, 12, 0, tzinfo=OSLO)


class Clock:
    def __init__(self, now: datetime = TUESDAY_NOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


class Draws:
    """The audit's random source: returns the values a test asks for, in order."""

    def __init__(self, *values: float) -> None:
        self.values = list(values) or [0.99]

    def random(self) -> float:
        return self.values.pop(0) if len(self.values) > 1 else self.values[0]


class Recorder(list):
    def of(self, cls):
        return [e for e in self if isinstance(e, cls)]

    def codes(self):
        from pos.till import Notice

        return [e.code for e in self.of(Notice)]
