"""The messages the backend "sent" (SMS, e-mail, app push), addressed to a person.

Addresses are personal data: erasure deletes these rows and the access export
lists them, by `person_id` and by address.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend_stub.core.model_base import Base, Id, UtcDateTime


class OutboxMessage(Base):
    """An SMS, e-mail or app push the backend "sent": nothing leaves the machine.

    Testers read a phone's messages through /dev/v1/outbox (dev mode) or
    `pos-backend outbox --phone`. Addresses are personal data, hence this module.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))  # sms | email | push
    address: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
