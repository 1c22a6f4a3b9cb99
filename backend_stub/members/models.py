"""Memberships, the people in them (owner and family) and their cards.

A membership is the owner's member account: bonus and kjøpeutbytte are credited to
it, whoever in the family bought. `Member.ref` is the opaque reference tills see;
the internal ids and the person behind it stay in the backend.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, UtcDateTime

MEMBER_ROLES = ("owner", "family")
MEMBER_STATUSES = ("active", "blocked")
CARD_STATUSES = ("active", "blocked", "lost")
CARD_KINDS = ("physical", "digital")


class Membership(Base):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    member_number: Mapped[str] = mapped_column(String(10), unique=True)
    owner_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), unique=True)
    status: Mapped[str] = mapped_column(String(8), default="active")  # active | ended
    home_store_id: Mapped[int | None] = mapped_column(Integer)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'family')", name="role"),
        CheckConstraint("status IN ('active', 'blocked')", name="status"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    ref: Mapped[str] = mapped_column(String(16), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), unique=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), default="active")
    status_reason: Mapped[str | None] = mapped_column(String(200))
    coopay_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'blocked', 'lost')", name="status"),
        CheckConstraint("kind IN ('physical', 'digital')", name="kind"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="physical")
    rfid_uid: Mapped[str | None] = mapped_column(String(10), unique=True)
    nfc_uid: Mapped[str | None] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(8), default="active")
    status_reason: Mapped[str | None] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
