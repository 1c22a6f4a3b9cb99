"""The backend's notion of "now": the wall clock plus an offset testers may move.

Why injectable: a re-login campaign runs over weeks (waves, reminders, deadlines),
OTP codes expire after minutes and Coopay tokens after a minute. Tests and demos
must run all of that in seconds, against the real server, so every rule asks this
clock, never `datetime.now()`. Only dev mode lets the offset move (via /dev/v1/clock);
the offset is kept in the database so the CLI and every server worker agree on the
time (`SharedClock`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
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


class SharedClock(Clock):
    """The dev clock of a backend run as several processes (workers, the CLI).

    Why: with `serve --workers N` each worker has its own memory, so an offset moved
    through one worker's /dev/v1/clock must reach the others. The offset lives in the
    database (`store`); each process re-reads it (`load`) at most every
    `refresh_seconds`, and the process that moves it sees the move at once. So every
    worker agrees within `refresh_seconds` (0.5 s by default).
    """

    def __init__(
        self,
        load: Callable[[], timedelta],
        store: Callable[[timedelta], None],
        *,
        refresh_seconds: float = 0.5,
    ) -> None:
        super().__init__(load())
        self._load = load
        self._store = store
        self._refresh = refresh_seconds
        self._fresh_until = time.monotonic() + refresh_seconds

    def now(self) -> datetime:
        if time.monotonic() >= self._fresh_until:
            self._reload()
        return super().now()

    @property
    def offset(self) -> timedelta:
        if time.monotonic() >= self._fresh_until:
            self._reload()
        return self._offset

    def _reload(self) -> None:
        offset = self._load()
        with self._lock:
            self._offset = offset
            self._fresh_until = time.monotonic() + self._refresh

    def set_offset(self, offset: timedelta) -> None:
        self._store(offset)
        with self._lock:
            self._offset = offset
            self._fresh_until = time.monotonic() + self._refresh

    def set_now(self, moment: datetime) -> timedelta:
        if moment.tzinfo is None:
            raise ValueError("the clock is set with an aware time (e.g. 2025-03-01T12:00:00+01:00)")
        offset = moment - datetime.now(UTC)
        self.set_offset(offset)
        return offset

    def advance(self, delta: timedelta) -> timedelta:
        offset = self._load() + delta  # from the database: another worker may have moved it
        self.set_offset(offset)
        return offset
