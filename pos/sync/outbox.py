"""The durable outbox: completed purchases waiting to be sent to the member backend.

It lives in the journal's SQLite file so that completing a sale and queueing
its purchase is one commit (`with journal.atomic(): journal.complete_sale(…);
outbox.enqueue(…)`): there is never a completed sale without its purchase, or
a queued purchase for a sale that did not happen.

Semantics, from the till's side exactly once and in order:

* an item is identified by its purchase id, a client-generated UUID that the
  backend uses as the idempotency key;
* items are handed out oldest first (`next_batch`), and never past an item that
  is waiting for its retry time, so purchases reach the backend in order;
* an item leaves `pending` only when the backend acknowledged it (`mark_sent`)
  or definitively refused it (`mark_rejected`: set aside for a person to look
  at, so one bad purchase does not block the queue); a transient failure
  (`mark_failed`) keeps it at the head with exponential backoff;
* a crash between "sent" and "marked sent" sends the item again after restart;
  the backend's idempotency makes that harmless, which is why the key exists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos.domain.clock import Clock, oslo_now
from pos.journal.canonical import canonical_json
from pos.journal.db import Database
from pos.journal.errors import JournalError, PayloadError
from pos.journal.timestamps import format_ts, parse_ts
from pos.sync.retry import DEFAULT_BASE, DEFAULT_CAP, Backoff, Jitter, is_due
from pos.sync.retry_queue import RetryQueue

if TYPE_CHECKING:
    from pos.journal.journal import Journal


class OutboxError(JournalError):
    """An outbox operation on a purchase that is unknown or in the wrong state."""


class DuplicatePurchase(OutboxError):
    """The purchase id is queued already with a different body."""


class OutboxState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"
    """Refused by the backend for good: needs a person's attention (see `rejected()`)."""


@dataclass(frozen=True)
class OutboxItem:
    id: int
    purchase_id: str
    body: Mapping[str, Any]
    created_at: datetime
    attempts: int
    last_error: str | None
    state: OutboxState
    next_attempt_at: datetime | None
    sent_at: datetime | None
    response: Mapping[str, Any] | None


@dataclass(frozen=True)
class OutboxStatus:
    """What the till's status bar needs: is it behind, and why."""

    pending: int
    rejected: int
    oldest_pending_at: datetime | None
    last_error: str | None
    next_attempt_at: datetime | None

    @property
    def offline(self) -> bool:
        """The oldest pending purchase has failed to send at least once."""
        return self.last_error is not None


_COLUMNS = (
    "id, purchase_id, body, created_at, attempts, last_error, state, next_attempt_at, "
    "sent_at, response"
)


def _time(text: str | None) -> datetime | None:
    return parse_ts(text) if text else None


def _item(row: tuple) -> OutboxItem:
    ident, purchase_id, body, created, attempts, error, state, next_at, sent, response = row
    return OutboxItem(
        id=ident,
        purchase_id=purchase_id,
        body=json.loads(body),
        created_at=parse_ts(created),
        attempts=attempts,
        last_error=error,
        state=OutboxState(state),
        next_attempt_at=_time(next_at),
        sent_at=_time(sent),
        response=json.loads(response) if response else None,
    )


class Outbox:
    def __init__(self, db: Database, clock: Clock = oslo_now, *,
                 backoff_base: timedelta = DEFAULT_BASE,
                 backoff_cap: timedelta = DEFAULT_CAP, jitter: Jitter | None = None) -> None:
        self.db = db
        self._queue = RetryQueue(db, clock, table="outbox",
                                 backoff=Backoff(backoff_base, backoff_cap, jitter))

    @classmethod
    def for_journal(cls, journal: Journal, **backoff: Any) -> Outbox:
        """The outbox in the journal's file, on its connection: `journal.atomic()` spans both."""
        return cls(journal.db, journal.clock, **backoff)

    @classmethod
    def open(cls, path: str | Path, clock: Clock = oslo_now, **backoff: Any) -> Outbox:
        """The outbox on a connection of its own, e.g. for a sync worker thread."""
        return cls(Database.open(path), clock, **backoff)

    def close(self) -> None:
        self.db.close()

    def _now(self) -> datetime:
        return self._queue.now()

    # -- queueing ------------------------------------------------------------------------

    def enqueue(self, purchase_id: str, body: Mapping[str, Any]) -> OutboxItem:
        """Queue a purchase; queueing the same id with the same body again is a no-op."""
        if not isinstance(purchase_id, str) or not purchase_id:
            raise PayloadError(f"a purchase id is non-empty text, got {purchase_id!r}")
        body_text = canonical_json(body)
        with self.db.transaction() as conn:
            existing = self.get(purchase_id)
            if existing is not None:
                if canonical_json(existing.body) != body_text:
                    raise DuplicatePurchase(
                        f"purchase {purchase_id} is queued already with a different body"
                    )
                return existing
            conn.execute(
                "INSERT INTO outbox (purchase_id, body, created_at) VALUES (?, ?, ?)",
                (purchase_id, body_text, format_ts(self._now())),
            )
        item = self.get(purchase_id)
        assert item is not None
        return item

    # -- draining ------------------------------------------------------------------------

    def next_batch(self, limit: int = 100) -> list[OutboxItem]:
        """The oldest pending items, in order, stopping before one that waits for its retry."""
        now = self._now()
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?",
            (limit,),
        )
        batch = []
        for row in rows:
            item = _item(row)
            if not is_due(item.next_attempt_at, now):
                break
            batch.append(item)
        return batch

    def mark_sent(self, purchase_id: str, response: Mapping[str, Any] | None = None) -> None:
        """The backend acknowledged the purchase (again is fine: acknowledgements repeat)."""
        self.mark_sent_many([(purchase_id, response)])

    def mark_sent_many(self, acks: Iterable[tuple[str, Mapping[str, Any] | None]]) -> None:
        """Several acknowledgements in one commit (what the drain loop does per batch)."""
        sent_at = format_ts(self._now())
        with self.db.transaction() as conn:
            for purchase_id, response in acks:
                cursor = conn.execute(
                    "UPDATE outbox SET state = 'sent', sent_at = ?, response = ?, "
                    "next_attempt_at = NULL WHERE purchase_id = ? AND state = 'pending'",
                    (sent_at, _json_or_none(response), purchase_id),
                )
                if cursor.rowcount == 0:  # unknown, rejected, or an acknowledgement repeated
                    self._require(purchase_id, OutboxState.SENT)

    def mark_failed(self, purchase_id: str, error: str,
                    retry_at: datetime | None = None) -> datetime:
        """A transient failure: count it, keep the error, and wait (backoff unless `retry_at`)."""
        with self.db.transaction() as conn:
            item = self._require(purchase_id, OutboxState.PENDING)
            return self._queue.record_failure(conn, purchase_id, item.attempts, error, retry_at)

    def mark_rejected(self, purchase_id: str, error: str,
                      response: Mapping[str, Any] | None = None) -> None:
        """The backend refused the purchase for good: set it aside for a person."""
        with self.db.transaction() as conn:
            item = self._require(purchase_id, OutboxState.PENDING)
            conn.execute(
                "UPDATE outbox SET state = 'rejected', attempts = ?, last_error = ?, "
                "response = ?, next_attempt_at = NULL WHERE purchase_id = ?",
                (item.attempts + 1, error, _json_or_none(response), purchase_id),
            )

    def retry(self, purchase_id: str) -> None:
        """Put a rejected purchase back in the queue (after the cause was fixed)."""
        with self.db.transaction() as conn:
            self._require(purchase_id, OutboxState.REJECTED)
            conn.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_at = NULL WHERE purchase_id = ?",
                (purchase_id,),
            )

    def purge_sent(self, before: datetime) -> int:
        """Forget acknowledged purchases sent before `before` (the journal keeps the sale)."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?", (format_ts(before),)
            )
            return cursor.rowcount

    # -- reading -------------------------------------------------------------------------

    def get(self, purchase_id: str) -> OutboxItem | None:
        row = self.db.query_one(
            f"SELECT {_COLUMNS} FROM outbox WHERE purchase_id = ?", (purchase_id,)
        )
        return _item(row) if row else None

    def pending_count(self) -> int:
        return self._queue.pending_count()

    def rejected(self) -> list[OutboxItem]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = 'rejected' ORDER BY id"
        )
        return [_item(row) for row in rows]

    def status(self) -> OutboxStatus:
        counts = dict(
            self.db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        )
        head = self.db.query_one(
            f"SELECT {_COLUMNS} FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1"
        )
        first = _item(head) if head else None
        return OutboxStatus(
            pending=counts.get("pending", 0),
            rejected=counts.get("rejected", 0),
            oldest_pending_at=first.created_at if first else None,
            last_error=first.last_error if first else None,
            next_attempt_at=first.next_attempt_at if first else None,
        )

    def _require(self, purchase_id: str, *states: OutboxState) -> OutboxItem:
        item = self.get(purchase_id)
        if item is None:
            raise OutboxError(f"purchase {purchase_id} is not in the outbox")
        if item.state not in states:
            raise OutboxError(f"purchase {purchase_id} is {item.state}, not {states[0]}")
        return item


def _json_or_none(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
