"""Coopay: one-time payment tokens, the payments they authorised, and refunds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, Ore, UtcDateTime


class CoopayToken(Base):
    __tablename__ = "coopay_tokens"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("app_sessions.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CoopayPayment(Base):
    __tablename__ = "coopay_payments"
    __table_args__ = (Index("ix_coopay_payments_member_day", "member_id", "approved_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    # NULL once anonymised (retention or leaving): the amounts stay for accounting
    token_id: Mapped[int | None] = mapped_column(ForeignKey("coopay_tokens.id"), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"))
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    purchase_id: Mapped[str] = mapped_column(String(36), index=True)
    amount_ore: Mapped[int] = mapped_column(Ore)
    refunded_ore: Mapped[int] = mapped_column(Ore, default=0)
    approved_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CoopayRefund(Base):
    __tablename__ = "coopay_refunds"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("coopay_payments.id"), index=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    purchase_id: Mapped[str | None] = mapped_column(String(36))
    amount_ore: Mapped[int] = mapped_column(Ore)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
