"""Time in the domain: always an aware datetime, judged in Europe/Oslo.

The domain never reads the clock (no `datetime.now()` here); callers pass `now`.
A naive datetime is refused because "20:00" means nothing without a zone and a
till near a DST change would otherwise sell beer an hour too long.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pos.domain.texts import DomainError, Text

OSLO = ZoneInfo("Europe/Oslo")


class NaiveDatetimeError(DomainError):
    code = "naive_datetime"


def to_oslo(moment: datetime) -> datetime:
    """`moment` converted to Oslo local time; raises `NaiveDatetimeError` if it has no zone."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(
            Text(
                "Tidspunktet mangler tidssone (intern feil).",
                f"time {moment!r} has no time zone; pass an aware datetime",
            )
        )
    return moment.astimezone(OSLO)
