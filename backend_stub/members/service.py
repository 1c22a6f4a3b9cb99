"""Finding members by card, and what a till may know about them.

A till gets only what it needs to credit the right account and greet the shopper:
the opaque member reference, owner or family, initials, status and the masked card.
Never a name, national id, address or phone (BRIEF §2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from backend_stub.core.identity import initials
from backend_stub.core.models import MetaValue
from backend_stub.core.problems import ApiProblem
from backend_stub.members import closed_cards
from backend_stub.members.models import Card, Member, Membership
from backend_stub.members.people import Person
from pos.formats.member_card import DEFAULT_FORMAT, MemberCardError, mask_number

_HEX = re.compile(r"^[0-9A-F]+$")
OwnerPerson = aliased(Person)


@dataclass
class MemberView:
    member: Member
    person: Person
    membership: Membership
    owner: Person
    card: Card | None = None

    def summary(self) -> dict:
        """The till's view: nothing personal beyond initials."""
        data = {
            "member_ref": self.member.ref,
            "role": self.member.role,
            "initials": initials(self.person.given_name, self.person.family_name),
            "status": self.member.status,
            "masked_card": mask_number(self.card.number) if self.card else None,
        }
        if self.member.role == "family":
            data["owner_initials"] = initials(self.owner.given_name, self.owner.family_name)
        return data

    def account(self) -> dict:
        """The owner account credited, masked for receipts."""
        return {
            "masked_member_number": mask_number(self.membership.member_number),
            "owner_initials": initials(self.owner.given_name, self.owner.family_name),
        }


def _view_query():
    return (
        select(Member, Person, Membership, OwnerPerson)
        .join(Person, Person.id == Member.person_id)
        .join(Membership, Membership.id == Member.membership_id)
        .join(OwnerPerson, OwnerPerson.id == Membership.owner_person_id)
    )


def view_by_id(session: Session, member_id: int) -> MemberView | None:
    row = session.execute(_view_query().where(Member.id == member_id)).first()
    return MemberView(*row) if row else None


def view_by_ref(session: Session, ref: str) -> MemberView | None:
    row = session.execute(_view_query().where(Member.ref == ref)).first()
    return MemberView(*row) if row else None


def primary_card(session: Session, member_id: int) -> Card | None:
    return session.scalar(
        select(Card).where(Card.member_id == member_id).order_by(Card.kind, Card.id).limit(1)
    )


def normalise_uid(text: str) -> str:
    uid = text.strip().upper().replace(":", "").replace(" ", "")
    if not (4 <= len(uid) <= 20 and _HEX.match(uid)):
        raise ApiProblem("validation_failed", "a card UID is 4-20 hex digits")
    return uid


def card_number_from_barcode(text: str) -> str:
    """A scanned member barcode as the till sends it: the devices layer has already
    stripped the scanner's AIM identifier (`]C0…`), so only whitespace goes here."""
    return text.strip()


def _card_query():
    return (
        select(Card, Member, Person, Membership, OwnerPerson)
        .join(Member, Member.id == Card.member_id)
        .join(Person, Person.id == Member.person_id)
        .join(Membership, Membership.id == Member.membership_id)
        .join(OwnerPerson, OwnerPerson.id == Membership.owner_person_id)
    )


# Built once: lookups are the hottest path, and building the expression costs more than
# running it (SQLAlchemy caches the compiled SQL, not the Python objects).
_BY_NUMBER = _card_query().where(Card.number == bindparam("value"))
_BY_RFID = _card_query().where(Card.rfid_uid == bindparam("value"))
_BY_NFC = _card_query().where(Card.nfc_uid == bindparam("value"))


def find_card(
    session: Session, *, card_number: str | None = None, uid: str | None = None
) -> tuple[Card, MemberView] | None:
    """The card and its member, or None. Raises `card_number_invalid` for bad digits."""
    if card_number is not None:
        try:
            DEFAULT_FORMAT.validate(card_number)
        except MemberCardError as exc:
            raise ApiProblem("card_number_invalid", str(exc)) from None
        row = session.execute(_BY_NUMBER, {"value": card_number}).first()
    elif uid is not None:
        normalised = normalise_uid(uid)
        row = session.execute(_BY_RFID, {"value": normalised}).first()
        if row is None:
            row = session.execute(_BY_NFC, {"value": normalised}).first()
    else:
        raise ApiProblem("validation_failed", "give a card_number, uid or barcode")
    return (row[0], MemberView(*row[1:], card=row[0])) if row else None


def usable_problem(card: Card | None, view: MemberView) -> ApiProblem | None:
    """Why this card/member cannot be used (blocked, lost), or None."""
    masked = mask_number(card.number) if card else view.member.ref
    if card is not None and card.status == "blocked":
        return ApiProblem("card_blocked", f"card {masked} is blocked")
    if card is not None and card.status == "lost":
        return ApiProblem("card_lost", f"card {masked} is reported lost")
    if view.member.status != "active" or view.membership.status != "active":
        return ApiProblem("member_blocked", f"member {view.member.ref} is blocked")
    return None


def unknown_card_problem(
    session: Session, *, card_number: str | None = None, uid: str | None = None
) -> ApiProblem:
    """No card found: a card of a closed membership says so, anything else is unknown."""
    normalised = normalise_uid(uid) if uid is not None and card_number is None else None
    if closed_cards.is_closed(session, card_number=card_number, uid=normalised):
        return ApiProblem("membership_closed", "the card belongs to a closed membership")
    return ApiProblem("card_unknown", "no member card with this number or UID")


def lookup(
    session: Session,
    *,
    card_number: str | None = None,
    uid: str | None = None,
    barcode: str | None = None,
) -> dict:
    """The till's member lookup; unknown, blocked and lost cards are clear problems."""
    if barcode is not None:
        card_number = card_number_from_barcode(barcode)
    found = find_card(session, card_number=card_number, uid=uid)
    if found is None:
        raise unknown_card_problem(session, card_number=card_number, uid=uid)
    card, view = found
    problem = usable_problem(card, view)
    if problem is not None:
        raise problem
    return view.summary()


def family_count(session: Session, membership_id: int) -> int:
    return session.scalar(
        select(func.count())
        .select_from(Member)
        .where(Member.membership_id == membership_id, Member.role == "family")
    )


CARD_SERIAL_MARK = "card_serial_high_water"
MEMBER_NUMBER_MARK = "member_number_high_water"
FIRST_MEMBER_NUMBER = 7_000_000_001


def _highest_card_serial(session: Session) -> int:
    highest = session.scalar(
        select(func.max(Card.number)).where(Card.number.like(f"{DEFAULT_FORMAT.prefix}%"))
    )
    return int(highest[len(DEFAULT_FORMAT.prefix) : -1]) if highest else 0


def _highest_member_number(session: Session) -> int:
    highest = session.scalar(select(func.max(Membership.member_number)))
    return int(highest) if highest else FIRST_MEMBER_NUMBER - 1


def _mark(session: Session, key: str) -> int:
    value = session.scalar(select(MetaValue.value).where(MetaValue.key == key))
    return int(value) if value else 0


def hold_high_water_marks(session: Session) -> None:
    """Before numbers disappear (a member leaves): remember the highest ever issued.

    Numbers are issued as the highest in use plus one; without the mark, erasing
    the member who held the highest card or member number would hand that number
    to the next member, whose purchases would then look like the old member's.
    """
    for key, highest in (
        (CARD_SERIAL_MARK, _highest_card_serial(session)),
        (MEMBER_NUMBER_MARK, _highest_member_number(session)),
    ):
        if highest > _mark(session, key):
            session.merge(MetaValue(key=key, value=str(highest)))


def next_card_serial(session: Session) -> int:
    """The next card serial never issued before (serials are issued in order)."""
    return max(_highest_card_serial(session), _mark(session, CARD_SERIAL_MARK)) + 1


def next_card_number(session: Session) -> str:
    return DEFAULT_FORMAT.make(next_card_serial(session))


def next_member_number(session: Session) -> str:
    """The next member number never issued before."""
    number = max(_highest_member_number(session), _mark(session, MEMBER_NUMBER_MARK)) + 1
    return f"{number:010d}"


def set_card_status(session: Session, card_number: str, status: str, reason: str | None) -> Card:
    """Block a card, report it lost or reactivate it (member services, tests)."""
    if status not in ("active", "blocked", "lost"):
        raise ValueError("card status is active, blocked or lost")
    card = session.scalar(select(Card).where(Card.number == card_number))
    if card is None:
        raise ApiProblem("card_unknown", "no such card")
    card.status, card.status_reason = status, reason
    return card


def set_member_status(session: Session, member_ref: str, status: str, reason: str | None) -> Member:
    if status not in ("active", "blocked"):
        raise ApiProblem("validation_failed", "member status is active or blocked")
    member = session.scalar(select(Member).where(Member.ref == member_ref))
    if member is None:
        raise ApiProblem("not_found", "no such member")
    member.status, member.status_reason = status, reason
    return member
