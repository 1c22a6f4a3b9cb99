"""The privacy audit log: who read or changed a member's personal data, and when.

Why its own module: every privacy path (app API, till lookup, admin CLI, the retention
job) writes the same kind of row through `record`, so the log cannot drift between
callers. Rows name the subject by the opaque member reference only - never a national
id, phone or e-mail - and erasure clears even that (`forget`).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from backend_stub.members.models import Member
from backend_stub.privacy.models import AuditEntry

ACTOR_KINDS = ("member", "terminal", "admin", "job")
ACTIONS = ("read", "change", "export", "erase", "anonymise")
ERASED_ACTOR = "erased"


@dataclass(frozen=True)
class Actor:
    kind: str
    id: str

    def __post_init__(self) -> None:
        if self.kind not in ACTOR_KINDS:
            raise ValueError(f"unknown actor kind {self.kind!r}")


ADMIN_CLI = Actor("admin", "cli")
RETENTION_JOB = Actor("job", "retention")


def member_actor(session_public_id: str) -> Actor:
    """A member acting through their app session (named by the session's public id)."""
    return Actor("member", session_public_id)


def terminal_actor(terminal_id: int) -> Actor:
    return Actor("terminal", f"terminal-{terminal_id}")


def record(
    session: Session,
    now: datetime,
    actor: Actor,
    action: str,
    what: str,
    *,
    subject_ref: str | None = None,
    detail: str = "",
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    session.add(
        AuditEntry(
            at=now,
            actor_kind=actor.kind,
            actor=actor.id,
            action=action,
            subject_ref=subject_ref,
            what=what,
            detail=detail[:200],
        )
    )


class ReadBuffer:
    """Audit rows for the till's member lookups, written in batches.

    Why: a lookup is the hottest read in the backend; a write transaction per lookup
    would queue every lookup behind SQLite's single writer. Rows are kept in memory
    and written together once `max_age` seconds have passed or `max_rows` are waiting
    (checked on each lookup), and on shutdown (`flush`). A crash can lose at most that
    window of lookup rows; changes and exports are always audited in their own
    transaction.
    """

    def __init__(self, max_age: float = 1.0, max_rows: int = 500) -> None:
        self.max_age = max_age
        self.max_rows = max_rows
        self._rows: list[dict] = []
        self._oldest = 0.0
        self._lock = threading.Lock()

    def add(self, now: datetime, actor: Actor, what: str, subject_ref: str) -> bool:
        """Queue one read; True when the buffer is due to be flushed."""
        with self._lock:
            if not self._rows:
                self._oldest = time.monotonic()
            self._rows.append(
                {
                    "at": now,
                    "actor_kind": actor.kind,
                    "actor": actor.id,
                    "action": "read",
                    "subject_ref": subject_ref,
                    "what": what,
                    "detail": "",
                }
            )
            return (
                len(self._rows) >= self.max_rows or time.monotonic() - self._oldest >= self.max_age
            )

    def take(self) -> list[dict]:
        with self._lock:
            rows, self._rows = self._rows, []
            return rows

    def flush(self, database) -> int:
        """Write what is waiting in one transaction; returns how many rows. A row about
        a member erased since the lookup loses its subject, as erasure does to stored
        rows: the subject is written as found in `members` at insert time (NULL when
        gone). On SQLite the rows go in as one JSON array in one statement: an
        executemany releases and retakes the GIL at every row, and each time the event
        loop, busy with lookups, took it in between (about 20 µs a lookup)."""
        rows = self.take()
        if rows:
            with database.write_connection() as connection:
                if connection.dialect.name == "sqlite":
                    at = _at_as_stored(connection.dialect)
                    packed = [
                        [at(r["at"]), r["actor_kind"], r["actor"], r["action"],
                         r["subject_ref"], r["what"], r["detail"]]
                        for r in rows
                    ]  # fmt: skip
                    connection.exec_driver_sql(_SQLITE_INSERT_READS, (json.dumps(packed),))
                else:
                    connection.execute(_INSERT_READ, rows)
        return len(rows)


_SUBJECT_STILL_KNOWN = (
    select(Member.ref).where(Member.ref == bindparam("subject_ref")).scalar_subquery()
)
_INSERT_READ = AuditEntry.__table__.insert().values(subject_ref=_SUBJECT_STILL_KNOWN)
_SQLITE_INSERT_READS = f"""
INSERT INTO {AuditEntry.__tablename__}
    (at, actor_kind, actor, action, subject_ref, what, detail)
SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
       json_extract(value, '$[2]'), json_extract(value, '$[3]'),
       (SELECT ref FROM {Member.__tablename__} WHERE ref = json_extract(value, '$[4]')),
       json_extract(value, '$[5]'), json_extract(value, '$[6]')
FROM json_each(?)
"""


def _at_as_stored(dialect):
    """The `at` column's own conversion for this dialect (what SQLAlchemy would bind)."""
    return AuditEntry.__table__.c.at.type.dialect_impl(dialect).bind_processor(dialect)


def read_buffer(backend) -> ReadBuffer:
    """The backend's one read-audit buffer (kept in `backend.cache`)."""
    return backend.cache.setdefault("audit_read_buffer", ReadBuffer())


def queue_read(backend, actor: Actor, what: str, subject_refs: list[str] | str) -> bool:
    """Audit a read of personal data on a hot path: queued only. True when the buffer is
    due to be written; the caller then flushes it (`read_buffer(backend).flush`) off its
    hot path, e.g. after its answer has gone."""
    buffer = read_buffer(backend)
    refs = [subject_refs] if isinstance(subject_refs, str) else subject_refs
    due = False
    for ref in refs:
        due = buffer.add(backend.now(), actor, what, ref) or due
    return due


def buffered_read(backend, actor: Actor, what: str, subject_refs: list[str] | str) -> None:
    """Audit a read of personal data: queued, and the queue written when due (from a
    worker thread: the write waits for the database's writer)."""
    if queue_read(backend, actor, what, subject_refs):
        read_buffer(backend).flush(backend.db)


def entries_for(session: Session, subject_ref: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.subject_ref == subject_ref).order_by(AuditEntry.id)
        )
    )


def forget(session: Session, member_refs: list[str], session_public_ids: list[str]) -> None:
    """Erasure: keep that something happened, drop who it was about and which session did it."""
    if member_refs:
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.subject_ref.in_(member_refs))
            .values(subject_ref=None)
        )
    if session_public_ids:
        session.execute(
            update(AuditEntry)
            .where(AuditEntry.actor_kind == "member", AuditEntry.actor.in_(session_public_ids))
            .values(actor=ERASED_ACTOR)
        )
