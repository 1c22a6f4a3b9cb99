"""Messages to members (SMS, e-mail, app push) go to the outbox table, never out.

The dev API and `pos-backend outbox` read a phone's messages so testers can log in
with the SMS code and see re-login notices, exactly as a member would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from backend_stub.members.people import Person
from backend_stub.outbox.models import OutboxMessage

CHANNELS = ("push", "email", "sms")
PUSH_PREFIX = "app:"


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def send(
    session: Session,
    now: datetime,
    *,
    person_id: int | None,
    channel: str,
    address: str,
    kind: str,
    message: Message,
) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    session.add(
        OutboxMessage(
            person_id=person_id,
            channel=channel,
            address=address,
            kind=kind,
            subject=message.subject,
            body=message.body,
            created_at=now,
        )
    )


def push_address(person_id: int) -> str:
    """App pushes go to every device the person is logged in on: addressed to the person."""
    return f"{PUSH_PREFIX}{person_id}"


def notify_everywhere(
    session: Session, now: datetime, person: Person, kind: str, message: Message, *, has_app: bool
) -> list[str]:
    """Send on every channel the person has (app, e-mail, SMS); returns the channels used."""
    used = []
    if has_app:
        send(
            session,
            now,
            person_id=person.id,
            channel="push",
            address=push_address(person.id),
            kind=kind,
            message=message,
        )
        used.append("push")
    if person.email:
        send(
            session,
            now,
            person_id=person.id,
            channel="email",
            address=person.email,
            kind=kind,
            message=message,
        )
        used.append("email")
    if person.phone:
        send(
            session,
            now,
            person_id=person.id,
            channel="sms",
            address=person.phone,
            kind=kind,
            message=message,
        )
        used.append("sms")
    return used


def messages_for(
    session: Session,
    *,
    phone: str | None = None,
    email: str | None = None,
    after_id: int = 0,
    limit: int = 50,
) -> list[OutboxMessage]:
    """What a phone (its SMS and its owner's app pushes) or an inbox received, oldest first."""
    conditions = []
    if phone:
        conditions.append(OutboxMessage.address == phone)
        person_id = session.scalar(select(Person.id).where(Person.phone == phone))
        if person_id is not None:
            conditions.append(OutboxMessage.address == push_address(person_id))
    if email:
        conditions.append(OutboxMessage.address == email)
    if not conditions:
        return []
    query = (
        select(OutboxMessage)
        .where(or_(*conditions), OutboxMessage.id > after_id)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))
