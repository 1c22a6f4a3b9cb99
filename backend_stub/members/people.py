"""Personal data, and only personal data: who a person is and how to reach them.

Kept apart from memberships, purchases and the ledger on purpose (BRIEF §2): the
privacy work (anonymise after retention, delete on leaving, access export) then
touches this table and the person's messages (`outbox.models`), while purchase facts keep only an
opaque member id. The national id lives here and is never sent to a till.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, UtcDateTime


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    national_id: Mapped[str | None] = mapped_column(String(11), unique=True)
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    address_line: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(4))
    city: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

