"""The backend's notion of "now": the wall clock plus an offset testers may move.

Why injectable: a re-login campaign runs over weeks (waves, reminders, deadlines),
OTP codes expire after minutes and Coopay tokens after a minute. Tests and demos
must run all of that in seconds, against the real server, so every rule asks this
clock, never `datetime.now()`. Only dev mode lets the offset move (via /dev/v1/clock);
the offset is kept in the database so the CLI and the server agree on the time.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Aware UTC time, with the offset applied."""
        return datetime.now(UTC) + self._offset

    @property
    def offset(self) -> timedelta:
        return self._offset

    def set_offset(self, offset: timedelta) -> None:
        with self._lock:
            self._offset = offset

    def set_now(self, moment: datetime) -> timedelta:
        """Make `now()` read `moment` from here on; returns the new offset."""
        if moment.tzinfo is None:
            raise ValueError("the clock is set with an aware time (e.g. 2025-03-01T12:00:00+01:00)")
        with self._lock:
            self._offset = moment - datetime.now(UTC)
            return self._offset

    def advance(self, delta: timedelta) -> timedelta:
        with self._lock:
            self._offset += delta
            return self._offset


class FixedClock(Clock):
    """A clock that only moves when told: for unit tests of time rules."""

    def __init__(self, moment: datetime) -> None:
        super().__init__()
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware time")
        self._moment = moment.astimezone(UTC)

    def now(self) -> datetime:
        return self._moment

    def set_now(self, moment: datetime) -> timedelta:
        self._moment = moment.astimezone(UTC)
        return timedelta(0)

    def advance(self, delta: timedelta) -> timedelta:
        self._moment += delta
        return timedelta(0)
