"""Leaving the membership (utmelding): every piece of personal data goes.

What happens, in one transaction (docs/privacy.md):
- the owner leaves -> the whole membership closes: the owner and every family member
  are erased, the account is settled (its balance recorded on an anonymous
  `membership_settlements` row) and its ledger entries become anonymous;
- a family member leaves -> only that person is erased; purchases credited to the
  owner's account stay on the owner's account, without the buyer.
Erased: persons, members, memberships, cards (their keyed hashes are kept so the till
can say why the card is refused), digital accounts, sessions, login challenges and
throttles, BankID orders, re-login assignments, consents and their history, outbox
messages, Coopay tokens, segments; purchases, Coopay payments and analysis copies are
anonymised; stored idempotent replies lose the member reference; audit rows lose
subject and session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, delete, false, func, or_, select, update
from sqlalchemy.orm import Session

from backend_stub.campaign.models import ReloginAssignment
from backend_stub.coopay.models import CoopayPayment, CoopayToken
from backend_stub.core.models import IdempotencyRecord
from backend_stub.login.models import (
    AppSession,
    BankIdOrder,
    DigitalAccount,
    LoginThrottle,
    OtpChallenge,
)
from backend_stub.members import closed_cards
from backend_stub.members import service as members
from backend_stub.members.models import Card, Member, Membership
from backend_stub.members.people import Person
from backend_stub.outbox import service as outbox
from backend_stub.outbox.models import OutboxMessage
from backend_stub.privacy import analysis, anonymise, audit
from backend_stub.privacy.models import (
    AnalysisPurchase,
    Consent,
    ConsentEvent,
    MembershipSettlement,
)
from backend_stub.purchases import ledger
from backend_stub.purchases.models import LedgerEntry, Purchase


@dataclass(frozen=True)
class LeaveReceipt:
    """What the member is told: who was erased and what was paid out."""

    membership_closed: bool
    persons_erased: int
    cards_closed: int
    purchases_anonymised: int
    settled_bonus_ore: int
    settled_dividend_ore: int

    def as_dict(self) -> dict:
        return {
            "membership_closed": self.membership_closed,
            "persons_erased": self.persons_erased,
            "cards_closed": self.cards_closed,
            "purchases_anonymised": self.purchases_anonymised,
            "settlement": {
                "bonus_ore": self.settled_bonus_ore,
                "dividend_ore": self.settled_dividend_ore,
            },
        }


def _settle(session: Session, now: datetime, membership: Membership) -> dict[str, int]:
    totals = ledger.balances(session, membership.id)
    session.add(
        MembershipSettlement(
            settled_at=now,
            bonus_ore=totals["bonus_ore"],
            dividend_ore=totals["dividend_ore"],
            reason="left",
        )
    )
    session.execute(
        update(LedgerEntry)
        .where(LedgerEntry.membership_id == membership.id)
        .values(membership_id=None, member_id=None)
    )
    return totals


@dataclass(frozen=True)
class ReplyScan:
    """Stored replies naming the leaving members, found before the write transaction.

    Why: finding them means reading every stored reply's text (a till's key is its own
    choice, so there is no index to ask). Done in a read transaction first, the write
    transaction then only re-reads replies stored after `up_to_id`, so SQLite's single
    writer is not held for the length of a table scan."""

    ids: tuple[int, ...] = ()
    up_to_id: int = 0


def _mentions(refs: list[str]):
    return or_(*(IdempotencyRecord.response_body.contains(f'"{ref}"') for ref in refs))


def leaving_refs(session: Session, member: Member) -> list[str]:
    """The member references `leave` will erase: the whole membership for an owner."""
    if member.role != "owner":
        return [member.ref]
    return list(
        session.scalars(select(Member.ref).where(Member.membership_id == member.membership_id))
    )


def scan_replies(session: Session, refs: list[str]) -> ReplyScan:
    up_to = session.scalar(select(func.max(IdempotencyRecord.id))) or 0
    ids = session.scalars(
        select(IdempotencyRecord.id).where(IdempotencyRecord.id <= up_to, _mentions(refs))
    )
    return ReplyScan(tuple(ids), up_to)


def _scrub_replies(session: Session, refs: list[str], scan: ReplyScan | None) -> None:
    """Stored idempotent replies keep working for retries, without the member reference."""
    if scan is None:
        scan = ReplyScan()
    found = IdempotencyRecord.id.in_(scan.ids) if scan.ids else false()
    later = and_(IdempotencyRecord.id > scan.up_to_id, _mentions(refs))
    for record in session.scalars(select(IdempotencyRecord).where(or_(found, later))):
        for ref in refs:
            record.response_body = record.response_body.replace(f'"{ref}"', "null")


def _delete_contact_traces(session: Session, people: list[Person]) -> None:
    ids = [p.id for p in people]
    phones = [p.phone for p in people if p.phone]
    emails = [p.email for p in people if p.email]
    addresses = phones + emails + [outbox.push_address(i) for i in ids]
    session.execute(
        delete(OutboxMessage).where(
            or_(OutboxMessage.person_id.in_(ids), OutboxMessage.address.in_(addresses))
        )
    )
    session.execute(
        delete(OtpChallenge).where(
            or_(OtpChallenge.person_id.in_(ids), OtpChallenge.phone.in_(phones))
        )
    )
    session.execute(delete(LoginThrottle).where(LoginThrottle.phone.in_(phones)))
    for table in (BankIdOrder, ReloginAssignment, Consent, ConsentEvent):
        session.execute(delete(table).where(table.person_id.in_(ids)))


def leave(
    session: Session,
    now: datetime,
    member: Member,
    actor: audit.Actor,
    replies: ReplyScan | None = None,
) -> LeaveReceipt:
    """Erase `member` (and, for an owner, the whole membership). Irreversible.

    `replies` (from `scan_replies` in an earlier read transaction) keeps this write
    transaction short; without it the stored replies are scanned here."""
    membership = session.get(Membership, member.membership_id)
    closing = member.role == "owner"
    leaving = (
        list(session.scalars(select(Member).where(Member.membership_id == membership.id)))
        if closing
        else [member]
    )
    member_ids = [m.id for m in leaving]
    refs = [m.ref for m in leaving]
    people = [session.get(Person, m.person_id) for m in leaving]
    person_ids = [p.id for p in people]
    cards = list(session.scalars(select(Card).where(Card.member_id.in_(member_ids))))
    closed_cards.remember(session, now, cards)
    members.hold_high_water_marks(session)  # their numbers are never issued again

    totals = {"bonus_ore": 0, "dividend_ore": 0}
    if closing:
        totals = _settle(session, now, membership)
        purchase_scope = or_(
            Purchase.member_id.in_(member_ids), Purchase.membership_id == membership.id
        )
        payment_scope = or_(
            CoopayPayment.member_id.in_(member_ids),
            CoopayPayment.membership_id == membership.id,
        )
    else:
        session.execute(
            update(LedgerEntry).where(LedgerEntry.member_id == member.id).values(member_id=None)
        )
        payment_scope = CoopayPayment.member_id == member.id
    if closing:
        purchases = anonymise.purchases(session, purchase_scope)
    else:  # the owner's account keeps the credit, not who bought
        purchases = session.execute(
            update(Purchase).where(Purchase.member_id == member.id).values(member_id=None)
        ).rowcount
    anonymise.coopay_payments(session, payment_scope)
    anonymise.coopay_tokens(session, CoopayToken.member_id.in_(member_ids))
    analysis.anonymise_rows(session, AnalysisPurchase.member_id.in_(member_ids))
    analysis.forget_segments(session, member_ids)

    session_ids = list(
        session.scalars(select(AppSession.public_id).where(AppSession.person_id.in_(person_ids)))
    )
    session.execute(delete(AppSession).where(AppSession.person_id.in_(person_ids)))
    session.execute(delete(DigitalAccount).where(DigitalAccount.person_id.in_(person_ids)))
    _delete_contact_traces(session, people)
    _scrub_replies(session, refs, replies)
    audit.forget(session, refs, session_ids)

    session.execute(delete(Card).where(Card.member_id.in_(member_ids)))
    session.execute(delete(Member).where(Member.id.in_(member_ids)))
    if closing:
        session.execute(delete(Membership).where(Membership.id == membership.id))
    session.execute(delete(Person).where(Person.id.in_(person_ids)))
    audit.record(
        session,
        now,
        actor if actor.kind != "member" else audit.Actor("member", audit.ERASED_ACTOR),
        "erase",
        "membership" if closing else "family_member",
        detail=f"{len(person_ids)} person(s) erased, {purchases} purchase(s) anonymised",
    )
    session.flush()
    return LeaveReceipt(
        membership_closed=closing,
        persons_erased=len(person_ids),
        cards_closed=len(cards),
        purchases_anonymised=purchases,
        settled_bonus_ore=totals["bonus_ore"],
        settled_dividend_ore=totals["dividend_ore"],
    )
