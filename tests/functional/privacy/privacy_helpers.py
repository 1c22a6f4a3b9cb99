"""Shared steps for the privacy tests: buying at a given moment, scanning every table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from backend_stub.core.tables import Base
from backend_stub.members.models import Card, Member, Membership
from backend_stub.members.people import Person
from backend_stub.purchases import service as purchases
from backend_stub.purchases.models import LedgerEntry
from backend_stub.purchases.schemas import PurchaseIn
from backend_stub.seeding.demo import DEMO_STORE, PEOPLE
from backend_stub.seeding.sample_purchases import purchase_body, sample_lines
from backend_stub.terminals import service as terminals

DEMO = {p.key: p for p in PEOPLE}


def add_till(backend) -> terminals.TerminalIdentity:
    with backend.db.writing() as session:
        _, row = terminals.add_terminal(backend, session, store_id=DEMO_STORE, register=7)
    return terminals.TerminalIdentity(row.id, DEMO_STORE, 7)


def buy(backend, till, key: str | None, at: datetime, count: int = 4) -> str:
    """A sale completed (and received) at `at`, with the demo person's card (or none)."""
    backend.clock.set_now(at)
    member = {"card_number": DEMO[key].card_number} if key else None
    body = purchase_body(DEMO_STORE, till.register, lines=sample_lines(count), member=member)
    body["completed_at"] = at.isoformat()
    outcome = purchases.ingest(backend, till, body["purchase_id"], PurchaseIn(**body))
    assert outcome.problem_status is None, outcome.body
    return body["purchase_id"]


def ledger_total(session) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_ore), 0))))


@dataclass
class Identity:
    """Everything that identifies one demo person in the database, read before erasure."""

    person_id: int
    member_id: int
    membership_id: int
    strings: list[str]


def identity_of(session, key: str) -> Identity:
    person = DEMO[key]
    card = session.scalar(select(Card).where(Card.number == person.card_number))
    member = session.get(Member, card.member_id)
    row = session.get(Person, member.person_id)
    membership = session.get(Membership, member.membership_id)
    cards = session.scalars(select(Card).where(Card.member_id == member.id)).all()
    strings = [row.national_id, row.phone, row.email, member.ref]
    strings += [f"{row.given_name} {row.family_name}"]
    if member.role == "owner":
        strings.append(membership.member_number)
    for c in cards:
        strings += [c.number, c.rfid_uid, c.nfc_uid]
    return Identity(row.id, member.id, membership.id, [s for s in strings if s])


def rows_mentioning(session, needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text value in every table containing a needle."""
    hits = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            for column, value in row._mapping.items():
                text = str(value) if value is not None else ""
                hits += [(table.name, str(column), n) for n in needles if n in text]
    return hits
