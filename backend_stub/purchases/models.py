"""Purchases as the tills sent them, and the ledger of what members earned.

No personal data here: a purchase names the member by internal id only, so
anonymising a person (issue 8) leaves purchase statistics intact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, Ore, UtcDateTime


class Purchase(Base):
    __tablename__ = "purchases"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    purchase_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # sale | return
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    register: Mapped[int] = mapped_column(Integer)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.id"))
    receipt_number: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"), index=True)
    member_resolution: Mapped[str] = mapped_column(String(24))
    original_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), index=True)
    total_ore: Mapped[int] = mapped_column(Ore)
    eligible_ore: Mapped[int] = mapped_column(Ore)
    dividend_rate_bp: Mapped[int] = mapped_column(Integer)
    bonus_ore: Mapped[int] = mapped_column(Ore)
    dividend_ore: Mapped[int] = mapped_column(Ore)


class PurchaseLine(Base):
    __tablename__ = "purchase_lines"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    purchase_pk: Mapped[int] = mapped_column(ForeignKey("purchases.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    gtin: Mapped[str | None] = mapped_column(String(14))
    plu: Mapped[str | None] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(120))
    product_group: Mapped[str] = mapped_column(String(32), default="")
    quantity: Mapped[int | None] = mapped_column(Integer)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    unit_price_ore: Mapped[int] = mapped_column(Ore)
    amount_ore: Mapped[int] = mapped_column(Ore)
    discount_ore: Mapped[int] = mapped_column(Ore, default=0)
    vat_rate: Mapped[int] = mapped_column(Integer)
    dividend_eligible: Mapped[bool] = mapped_column(Boolean)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    bonus_ore: Mapped[int] = mapped_column(Ore, default=0)


class PurchaseTender(Base):
    __tablename__ = "purchase_tenders"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    purchase_pk: Mapped[int] = mapped_column(ForeignKey("purchases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # cash | card | coopay | other
    amount_ore: Mapped[int] = mapped_column(Ore)
    reference: Mapped[str | None] = mapped_column(String(64))


class LedgerEntry(Base):
    """One credit (or, for a return, debit) of bonus or kjøpeutbytte to an owner's account."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_membership_kind", "membership_id", "kind"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    # NULL after privacy work (docs/privacy.md): membership_id NULL = a closed membership's
    # anonymous entry; member_id and purchase_pk NULL = a retention roll-up of old entries
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("memberships.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))  # who bought
    purchase_pk: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # bonus | dividend
    amount_ore: Mapped[int] = mapped_column(Ore)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
