"""When to try the backend again: exponential backoff, capped.

Why capped at five minutes: a till that was offline for an hour should notice
within minutes that the backend is back, without hammering it while it is down.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DEFAULT_BASE = timedelta(seconds=1)
DEFAULT_CAP = timedelta(minutes=5)


def backoff_delay(attempts: int, *, base: timedelta = DEFAULT_BASE,
                  cap: timedelta = DEFAULT_CAP) -> timedelta:
    """base, 2·base, 4·base … after the 1st, 2nd, 3rd … failed attempt, never more than `cap`."""
    if attempts < 1:
        return timedelta(0)
    exponent = min(attempts - 1, 30)  # 2**30 s is far beyond any cap; avoids huge numbers
    return min(cap, base * (2**exponent))


def is_due(next_attempt_at: datetime | None, now: datetime) -> bool:
    """Compared in UTC: aware datetimes of one zone compare by wall clock in Python."""
    return next_attempt_at is None or next_attempt_at.astimezone(UTC) <= now.astimezone(UTC)


def retry_time(now: datetime, attempts: int, *, base: timedelta = DEFAULT_BASE,
               cap: timedelta = DEFAULT_CAP) -> datetime:
    """When to try again after `attempts` failures, computed in UTC (DST-safe)."""
    return now.astimezone(UTC) + backoff_delay(attempts, base=base, cap=cap)
