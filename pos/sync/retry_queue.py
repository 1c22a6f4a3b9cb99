"""The durable retry bookkeeping the outbox and the pending card reads share.

Both are SQLite tables in the journal's file whose rows wait in state `pending`
with `attempts`, `last_error` and `next_attempt_at`, and both must survive a
killed till and back off the same way (`pos.sync.retry.Backoff`, one failure
classification in `pos.sync.failures`). What differs is what a row carries and
what "done" means, so each queue keeps its own table and answers, and holds one
`RetryQueue` for the part that is the same: the clock, a failure counted and
its retry time, and the pending count.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from pos.domain.clock import Clock, to_oslo
from pos.journal.db import Database
from pos.journal.timestamps import format_ts
from pos.sync.retry import Backoff

_TABLES = {"outbox": "purchase_id", "card_reads": "id"}
"""The queues and the column that names a row (never from outside: SQL is built from it)."""


class RetryQueue:
    def __init__(self, db: Database, clock: Clock, *, table: str, backoff: Backoff) -> None:
        if table not in _TABLES:
            raise ValueError(f"no retry queue table {table!r}")
        self.db = db
        self.table = table
        self._key = _TABLES[table]
        self._clock = clock
        self.backoff = backoff

    def now(self) -> datetime:
        return to_oslo(self._clock())

    def record_failure(self, conn: sqlite3.Connection, key: object, attempts_before: int,
                       error: str, retry_at: datetime | None = None) -> datetime:
        """In the caller's transaction: one more failed attempt, its error, and when to try
        again (the backoff's time unless `retry_at`, e.g. the backend's Retry-After)."""
        attempts = attempts_before + 1
        when = retry_at or self.backoff.next_time(self.now(), attempts)
        conn.execute(
            f"UPDATE {self.table} SET attempts = ?, last_error = ?, next_attempt_at = ? "
            f"WHERE {self._key} = ?",
            (attempts, error, format_ts(when), key),
        )
        return to_oslo(when)

    def pending_count(self) -> int:
        row = self.db.query_one(f"SELECT count(*) FROM {self.table} WHERE state = 'pending'")
        return row[0] if row else 0
