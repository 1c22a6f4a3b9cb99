"""How the journal's file writes a moment: fixed-width Oslo ISO text with its offset.

The zone rules themselves are `pos.domain.clock` (the one Oslo helper); this is
only the storage format, so stored texts sort and hash stably.
"""

from __future__ import annotations

from datetime import datetime

from pos.domain.clock import NaiveDatetimeError, to_oslo
from pos.journal.errors import JournalError


def journal_time(moment: datetime) -> datetime:
    """`moment` in Oslo; a naive time from the clock is the journal's error, not a refusal."""
    try:
        return to_oslo(moment)
    except NaiveDatetimeError:
        raise JournalError(f"the clock gave a naive time {moment!r}; "
                           "give an aware datetime") from None


def format_ts(moment: datetime) -> str:
    """`2024-05-02T12:00:01.000000+02:00`: fixed width, so stored texts sort and hash stably."""
    return journal_time(moment).isoformat(timespec="microseconds")


def parse_ts(text: str) -> datetime:
    """The inverse of `format_ts`, as an Oslo datetime.

    Compare or subtract such datetimes after `.astimezone(UTC)`: Python does
    arithmetic on datetimes of one zone in wall-clock time, which is an hour
    off across the autumn DST change.
    """
    return to_oslo(datetime.fromisoformat(text))
