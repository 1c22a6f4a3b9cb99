"""Member cards read while the backend could not be asked: accepted now, resolved later.

At the till a member card must never hold up a sale. When the backend is
unreachable the read is accepted (the sale goes on; the purchase carries the
card number to the backend, which credits the owner at ingest) and kept here,
durably, so the till can later ask the backend who it was (e.g. to show the
bonus on the next receipt) and forget the number once answered.

Privacy: the full card number is stored only because the backend needs it;
`CardRead`'s repr shows it masked, and `purge_finished` deletes answered reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pos.domain.clock import Clock, oslo_now
from pos.formats.member_card import mask_number
from pos.journal.db import Database
from pos.journal.errors import JournalError, PayloadError
from pos.journal.timestamps import format_ts, parse_ts
from pos.sync.retry import DEFAULT_BASE, DEFAULT_CAP, Backoff, Jitter, is_due
from pos.sync.retry_queue import RetryQueue

if TYPE_CHECKING:
    from pos.journal.journal import Journal


class CardReadError(JournalError):
    """A card read that is unknown or no longer pending."""


class CardReadState(StrEnum):
    PENDING = "pending"
    RESOLVED = "resolved"
    UNKNOWN = "unknown"
    """The backend answered: no member has this card."""


@dataclass(frozen=True)
class CardRead:
    id: int
    card_number: str = field(repr=False)
    source: str
    sale_id: str | None
    read_at: datetime
    state: CardReadState
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    resolved_at: datetime | None
    member_ref: str | None

    @property
    def masked_number(self) -> str:
        return mask_number(self.card_number)


_COLUMNS = (
    "id, card_number, source, sale_id, read_at, state, attempts, last_error, "
    "next_attempt_at, resolved_at, member_ref"
)


def _read(row: tuple) -> CardRead:
    ident, number, source, sale_id, read_at, state, attempts, error, next_at, done, ref = row
    return CardRead(
        id=ident,
        card_number=number,
        source=source,
        sale_id=sale_id,
        read_at=parse_ts(read_at),
        state=CardReadState(state),
        attempts=attempts,
        last_error=error,
        next_attempt_at=parse_ts(next_at) if next_at else None,
        resolved_at=parse_ts(done) if done else None,
        member_ref=ref,
    )


class PendingCardReads:
    def __init__(self, db: Database, clock: Clock = oslo_now, *,
                 backoff_base: timedelta = DEFAULT_BASE,
                 backoff_cap: timedelta = DEFAULT_CAP, jitter: Jitter | None = None) -> None:
        self.db = db
        self._queue = RetryQueue(db, clock, table="card_reads",
                                 backoff=Backoff(backoff_base, backoff_cap, jitter))

    @classmethod
    def for_journal(cls, journal: Journal, **backoff: Any) -> PendingCardReads:
        return cls(journal.db, journal.clock, **backoff)

    def _now(self) -> datetime:
        return self._queue.now()

    def add(self, card_number: str, *, source: str, sale_id: str | None = None) -> CardRead:
        """Accept a card read for later resolution (`source`: msr, rfid, nfc, scanner…)."""
        if not isinstance(card_number, str) or not card_number.strip():
            raise PayloadError("a card read needs the card number or tag id as text")
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO card_reads (card_number, source, sale_id, read_at)"
                " VALUES (?, ?, ?, ?)",
                (card_number, source, sale_id, format_ts(self._now())),
            )
            read_id = cursor.lastrowid
        return self._require(read_id)

    def due(self, limit: int = 50) -> list[CardRead]:
        """Pending reads whose retry time has come, oldest first."""
        now = self._now()
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM card_reads WHERE state = 'pending' ORDER BY id"
        )
        due = []
        for row in rows:
            read = _read(row)
            if is_due(read.next_attempt_at, now):
                due.append(read)
                if len(due) == limit:
                    break
        return due

    def resolve(self, read_id: int, member_ref: str) -> CardRead:
        """The backend named the member (an opaque reference, never the national id)."""
        return self._finish(read_id, CardReadState.RESOLVED, member_ref=member_ref)

    def mark_unknown(self, read_id: int, reason: str) -> CardRead:
        """The backend knows no member with this card."""
        return self._finish(read_id, CardReadState.UNKNOWN, error=reason)

    def mark_failed(self, read_id: int, error: str, retry_at: datetime | None = None) -> datetime:
        with self.db.transaction() as conn:
            read = self._require(read_id, CardReadState.PENDING)
            return self._queue.record_failure(conn, read_id, read.attempts, error, retry_at)

    def pending_count(self) -> int:
        return self._queue.pending_count()

    def get(self, read_id: int) -> CardRead | None:
        row = self.db.query_one(f"SELECT {_COLUMNS} FROM card_reads WHERE id = ?", (read_id,))
        return _read(row) if row else None

    def purge_finished(self, before: datetime) -> int:
        """Delete answered reads older than `before` (the card number goes with them)."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM card_reads WHERE state != 'pending' AND resolved_at < ?",
                (format_ts(before),),
            )
            return cursor.rowcount

    def _finish(self, read_id: int, state: CardReadState, *, member_ref: str | None = None,
                error: str | None = None) -> CardRead:
        with self.db.transaction() as conn:
            self._require(read_id, CardReadState.PENDING)
            conn.execute(
                "UPDATE card_reads SET state = ?, member_ref = ?, last_error = ?, "
                "resolved_at = ?, next_attempt_at = NULL WHERE id = ?",
                (state.value, member_ref, error, format_ts(self._now()), read_id),
            )
        return self._require(read_id)

    def _require(self, read_id: int | None, *states: CardReadState) -> CardRead:
        read = self.get(read_id) if read_id is not None else None
        if read is None:
            raise CardReadError(f"no card read {read_id}")
        if states and read.state not in states:
            raise CardReadError(f"card read {read_id} is {read.state}, not {states[0]}")
        return read
