"""Consents per purpose (e-mail, SMS, push per device, analysis, member panel).

Why opt-in with history: the privacy statement makes every purpose a separate choice
the member can change at any time, and the co-op must be able to show when and how a
consent was given or withdrawn. No row means "not given". Each change updates the
current answer and appends an event; the events are never edited (only erased with
the person when they leave the membership).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_stub.core.problems import ApiProblem
from backend_stub.members.models import Member
from backend_stub.privacy import analysis
from backend_stub.privacy.models import Consent, ConsentEvent
from backend_stub.vocabulary import CONSENT_PURPOSES

SOURCES = ("app", "phone", "admin", "signup")


def _check(purpose: str, device_id: str, source: str) -> None:
    if purpose not in CONSENT_PURPOSES:
        raise ApiProblem(
            "consent_purpose_unknown",
            f"purpose {purpose!r} is not one of {', '.join(CONSENT_PURPOSES)}",
        )
    if (purpose == "push") != bool(device_id):
        raise ApiProblem(
            "validation_failed", "a push consent names its device; other purposes do not"
        )
    if source not in SOURCES:
        raise ValueError(f"unknown consent source {source!r}")


def set_consent(
    session: Session,
    now: datetime,
    person_id: int,
    purpose: str,
    granted: bool,
    *,
    source: str,
    device_id: str = "",
) -> Consent:
    """Give or withdraw one consent; a change to the same answer is still recorded
    in the history (the member confirmed it), but keeps the original `changed_at`."""
    _check(purpose, device_id, source)
    row = session.scalar(
        select(Consent).where(
            Consent.person_id == person_id,
            Consent.purpose == purpose,
            Consent.device_id == device_id,
        )
    )
    if row is None:
        row = Consent(person_id=person_id, purpose=purpose, device_id=device_id)
        session.add(row)
    if row.granted is None or row.granted != granted:
        row.granted, row.changed_at, row.source = granted, now, source
    if purpose == "analysis" and not granted:  # personal offers stop at once
        analysis.forget_segments(
            session, list(session.scalars(select(Member.id).where(Member.person_id == person_id)))
        )
    session.add(
        ConsentEvent(
            person_id=person_id,
            purpose=purpose,
            device_id=device_id,
            granted=granted,
            at=now,
            source=source,
        )
    )
    session.flush()
    return row


def consent_dict(row: Consent | ConsentEvent) -> dict:
    when = row.changed_at if isinstance(row, Consent) else row.at
    return {
        "purpose": row.purpose,
        "device_id": row.device_id or None,
        "granted": row.granted,
        "at": when,
        "source": row.source,
    }


def current(session: Session, person_id: int) -> list[dict]:
    """Every purpose, answered: stored rows as they are, the rest "not given"."""
    rows = list(
        session.scalars(
            select(Consent)
            .where(Consent.person_id == person_id)
            .order_by(Consent.purpose, Consent.device_id)
        )
    )
    answered = {r.purpose for r in rows}
    missing = [
        {"purpose": p, "device_id": None, "granted": False, "at": None, "source": None}
        for p in CONSENT_PURPOSES
        if p not in answered and p != "push"
    ]
    return [consent_dict(r) for r in rows] + missing


def history(session: Session, person_id: int) -> list[dict]:
    events = session.scalars(
        select(ConsentEvent).where(ConsentEvent.person_id == person_id).order_by(ConsentEvent.id)
    )
    return [consent_dict(e) for e in events]


def is_granted(session: Session, person_id: int, purpose: str, device_id: str = "") -> bool:
    return bool(
        session.scalar(
            select(Consent.granted).where(
                Consent.person_id == person_id,
                Consent.purpose == purpose,
                Consent.device_id == device_id,
            )
        )
    )
