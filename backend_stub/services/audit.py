"""The privacy audit log: who read or changed a member's personal data, and when.

Why its own module: every privacy path (app API, till lookup, admin CLI, the retention
job) writes the same kind of row through `record`, so the log cannot drift between
callers. Rows name the subject by the opaque member reference only - never a national
id, phone or e-mail - and erasure clears even that (`forget`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend_stub.models import AuditEntry

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
