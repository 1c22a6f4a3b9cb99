"""Privacy tables (issue 8): consents and their history, the audit log, analysis data,
anonymous settlements of closed memberships, and the keys of cards that were closed.

Why separate from `people.py`: these rows are *about* the handling of personal data.
Consents and the analysis copies are personal data themselves and go with the person
on erasure; settlements and closed-card keys are deliberately anonymous so that they
can outlive the membership (accounting, and refusing a closed card with a reason).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, Ore, UtcDateTime


class Consent(Base):
    """The current answer per person, purpose and (for push) device."""

    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("person_id", "purpose", "device_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str] = mapped_column(String(64), default="")  # "" unless purpose is push
    granted: Mapped[bool] = mapped_column(Boolean)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))  # app | phone | admin | signup


class ConsentEvent(Base):
    """Every change, never updated: when and how a consent was given or withdrawn."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[str] = mapped_column(String(64), default="")
    granted: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(16))


class AuditEntry(Base):
    """Who read or changed personal data. Never holds the national id or contact data:
    the subject is the opaque member reference, cleared when the member is erased."""

    __tablename__ = "privacy_audit_log"
    __table_args__ = (Index("ix_privacy_audit_log_subject", "subject_ref"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))  # member | terminal | admin | job
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))  # read | change | export | erase | anonymise
    subject_ref: Mapped[str | None] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(200), default="")


class AnalysisPurchase(Base):
    """A purchase copied for analysis, only while the buyer consents to analysis.

    `member_id` and `purchase_pk` become NULL when the row is anonymised (6 months
    after a withdrawal, at retention, or when the member leaves)."""

    __tablename__ = "analysis_purchases"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    purchase_pk: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), unique=True)
    store_id: Mapped[int] = mapped_column(Integer)
    bought_on: Mapped[date] = mapped_column(Date)
    total_ore: Mapped[int] = mapped_column(Ore)
    product_groups: Mapped[str] = mapped_column(String(500), default="")  # "group=øre;…"
    copied_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MemberSegment(Base):
    """A member's computed segment and personal offers (consenting members only)."""

    __tablename__ = "member_segments"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    segment: Mapped[str] = mapped_column(String(32))
    offers: Mapped[str] = mapped_column(String(500), default="")  # product groups, ";"
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class MembershipSettlement(Base):
    """The payout of a closed membership's account, kept without any link to the member."""

    __tablename__ = "membership_settlements"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    settled_at: Mapped[datetime] = mapped_column(UtcDateTime)
    bonus_ore: Mapped[int] = mapped_column(Ore)
    dividend_ore: Mapped[int] = mapped_column(Ore)
    reason: Mapped[str] = mapped_column(String(16), default="left")


class ClosedCardKey(Base):
    """A keyed hash (HMAC under the privacy key) of a closed card's number or UID, so the
    till can be told "card belongs to a closed membership" without keeping the number."""

    __tablename__ = "closed_card_keys"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(UtcDateTime)
