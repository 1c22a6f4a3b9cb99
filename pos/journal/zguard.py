"""The Z report's turn: numbered in sequence, one per register per business day.

Why in the journal and not only in the report code: the Z report closes the
day's totals, and the regulation asks for one per register per day, numbered
without gaps. Enforcing it where `report.z` is written means no caller (the
till, the CLI, a script) can print a second Z for a day or skip a number.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pos.journal.errors import ZReportRefused
from pos.journal.events import EventType
from pos.journal.timestamps import parse_ts


def last_z_report(conn: sqlite3.Connection) -> tuple[int, datetime] | None:
    """(number, time) of the newest Z report, or None before the first."""
    row = conn.execute(
        "SELECT payload, ts FROM journal WHERE type = ? ORDER BY seq DESC LIMIT 1",
        (EventType.REPORT_Z.value,),
    ).fetchone()
    if row is None:
        return None
    return int(json.loads(row[0]).get("number", 0)), parse_ts(row[1])


def check_z_report(conn: sqlite3.Connection, payload: Mapping[str, Any], at: datetime,
                   open_sale_id: str | None) -> None:
    """Raise `ZReportRefused` unless this Z report is the next one and the day's first."""
    if open_sale_id is not None:
        raise ZReportRefused(f"a Z report cannot be run while sale {open_sale_id} is open",
                             "sale_open")
    last = last_z_report(conn)
    expected = last[0] + 1 if last else 1
    number = payload.get("number")
    if number != expected or isinstance(number, bool):
        raise ZReportRefused(f"the next Z report is number {expected}, not {number!r}",
                             "wrong_number")
    if last is not None and last[1].date() == at.date():
        raise ZReportRefused(
            f"Z report {last[0]} was already run for {at.date().isoformat()} on this register; "
            "the next one can be run tomorrow (an X report can be run at any time)", "same_day"
        )
