"""Helpers shared by the domain tests (imported relatively: `from .helpers import …`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
WEEKDAY_AFTERNOON = datetime(2025, 3, 14, 15, 0, tzinfo=OSLO)
"""A Friday afternoon in March: an ordinary weekday, beer on sale until 20:00."""


def oslo(*args: int) -> datetime:
    return datetime(*args, tzinfo=OSLO)
