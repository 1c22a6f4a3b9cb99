"""When to try the backend again: exponential backoff, capped, with full jitter.

Why capped at five minutes: a till that was offline for an hour should notice
within minutes that the backend is back, without hammering it while it is down.
Why jitter: when the backend comes back after an outage, a chain's tills that all
failed at the same second would otherwise all retry at the same second, again and
again. "Full jitter" (a uniform draw between 0 and the capped exponential delay)
spreads them over the whole window. The draw is injectable (`jitter=rng.random`),
so tests stay exact; without one the delay is the plain exponential.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DEFAULT_BASE = timedelta(seconds=1)
DEFAULT_CAP = timedelta(minutes=5)

Jitter = Callable[[], float]
"""A uniform draw in [0, 1), e.g. `random.Random().random`."""


def backoff_delay(attempts: int, *, base: timedelta = DEFAULT_BASE,
                  cap: timedelta = DEFAULT_CAP, jitter: Jitter | None = None) -> timedelta:
    """base, 2·base, 4·base … after the 1st, 2nd, 3rd … failed attempt, never more than `cap`;
    with `jitter`, a uniform draw between 0 and that (AWS "full jitter")."""
    if attempts < 1:
        return timedelta(0)
    exponent = min(attempts - 1, 30)  # 2**30 s is far beyond any cap; avoids huge numbers
    ceiling = min(cap, base * (2**exponent))
    if jitter is None:
        return ceiling
    draw = min(max(jitter(), 0.0), 1.0)
    return timedelta(microseconds=int(ceiling / timedelta(microseconds=1) * draw))


def is_due(next_attempt_at: datetime | None, now: datetime) -> bool:
    """Compared in UTC: aware datetimes of one zone compare by wall clock in Python."""
    return next_attempt_at is None or next_attempt_at.astimezone(UTC) <= now.astimezone(UTC)


def retry_time(now: datetime, attempts: int, *, base: timedelta = DEFAULT_BASE,
               cap: timedelta = DEFAULT_CAP, jitter: Jitter | None = None) -> datetime:
    """When to try again after `attempts` failures, computed in UTC (DST-safe)."""
    return now.astimezone(UTC) + backoff_delay(attempts, base=base, cap=cap, jitter=jitter)


@dataclass(frozen=True)
class Backoff:
    """One retry policy for a durable queue (the outbox, the pending card reads)."""

    base: timedelta = DEFAULT_BASE
    cap: timedelta = DEFAULT_CAP
    jitter: Jitter | None = None

    def next_time(self, now: datetime, attempts: int) -> datetime:
        return retry_time(now, attempts, base=self.base, cap=self.cap, jitter=self.jitter)
