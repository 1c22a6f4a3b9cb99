"""Digital accounts, two-step login state and app sessions.

Codes and session tokens are stored only as hashes. A session records how it was
established (`legacy` = the old single-step login, `sms` or `bankid` = the new
two-step one) because the re-login campaign revokes the legacy ones.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, UtcDateTime

LOGIN_METHODS = ("legacy", "sms", "bankid")


class DigitalAccount(Base):
    """A person's app / "Min side" account. No row = no digital account."""

    __tablename__ = "digital_accounts"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    new_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    coopay_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    coopay_card_masked: Mapped[str | None] = mapped_column(String(24))
    coopay_card_status: Mapped[str] = mapped_column(String(8), default="active")


class OtpChallenge(Base):
    __tablename__ = "otp_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    device_name: Mapped[str] = mapped_column(String(80), default="")
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LoginThrottle(Base):
    """Wrong codes per phone number: five in a row lock further tries for a while."""

    __tablename__ = "login_throttles"

    phone: Mapped[str] = mapped_column(String(16), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)


class BankIdOrder(Base):
    __tablename__ = "bankid_orders"

    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    device_name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AppSession(Base):
    __tablename__ = "app_sessions"
    __table_args__ = (
        CheckConstraint("login_method IN ('legacy', 'sms', 'bankid')", name="login_method"),
        Index("ix_app_sessions_person_live", "person_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    device_id: Mapped[str] = mapped_column(String(64))
    device_name: Mapped[str] = mapped_column(String(80), default="")
    login_method: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(24))
