"""The staged re-login campaign: waves, and each digital member's place in one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, UtcDateTime


class ReloginCampaign(Base):
    __tablename__ = "relogin_campaigns"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | cancelled
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ReloginWave(Base):
    __tablename__ = "relogin_waves"
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("relogin_campaigns.id"))
    number: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReloginAssignment(Base):
    __tablename__ = "relogin_assignments"
    __table_args__ = (UniqueConstraint("campaign_id", "person_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("relogin_campaigns.id"))
    wave_id: Mapped[int] = mapped_column(ForeignKey("relogin_waves.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    relogged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    forced_out_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
