"""Calendar-month arithmetic for privacy periods ("2 years and 3 months", "6 months").

Why not days: the privacy statement speaks in months, and 27 × 30 days is not 2 years
3 months. A day that does not exist in the target month (31 August - 6 months) is
clamped to that month's last day.
"""

from __future__ import annotations

import calendar
from datetime import datetime


def months_before(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
