"""The till's member lookup on its hot path: one column-only query, no ORM objects.

Why a second path beside `members.lookup`: a lookup happens for every member card
a till reads, at chain scale thousands a minute. Loading five ORM objects to answer
with six short strings cost about nine times the query itself. This path reads only
the columns the answer needs, through a Core connection, with the statement built
once; it answers exactly as `members.lookup` does (the storage tests compare the two
over every demo card). The rare refusals that need more (a closed membership's card)
take the full path.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from backend_stub.db import Database
from backend_stub.identity import initials
from backend_stub.models import Card, Member, Membership, Person
from backend_stub.problems import ApiProblem
from backend_stub.services import members
from pos.formats.member_card import DEFAULT_FORMAT, MemberCardError, mask_number

_Owner = aliased(Person)
_COLUMNS = (
    select(
        Card.number,
        Card.status,
        Member.ref,
        Member.role,
        Member.status,
        Membership.status,
        Person.given_name,
        Person.family_name,
        _Owner.given_name,
        _Owner.family_name,
    )
    .join(Member, Member.id == Card.member_id)
    .join(Person, Person.id == Member.person_id)
    .join(Membership, Membership.id == Member.membership_id)
    .join(_Owner, _Owner.id == Membership.owner_person_id)
)
_BY_NUMBER = _COLUMNS.where(Card.number == bindparam("value"))
_BY_RFID = _COLUMNS.where(Card.rfid_uid == bindparam("value"))
_BY_NFC = _COLUMNS.where(Card.nfc_uid == bindparam("value"))


def _answer(row) -> dict:
    number, card_status, ref, role, member_status, membership_status, *names = row
    masked = mask_number(number)
    if card_status == "blocked":
        raise ApiProblem("card_blocked", f"card {masked} is blocked")
    if card_status == "lost":
        raise ApiProblem("card_lost", f"card {masked} is reported lost")
    if member_status != "active" or membership_status != "active":
        raise ApiProblem("member_blocked", f"member {ref} is blocked")
    given, family, owner_given, owner_family = names
    return {
        "member_ref": ref,
        "role": role,
        "initials": initials(given, family),
        "owner_initials": initials(owner_given, owner_family) if role == "family" else None,
        "status": member_status,
        "masked_card": masked,
    }


def lookup(
    db: Database,
    *,
    card_number: str | None = None,
    uid: str | None = None,
    barcode: str | None = None,
) -> dict:
    """A `MemberSummary` dict; unknown, blocked, lost and closed cards are problems."""
    if barcode is not None:
        card_number = members.card_number_from_barcode(barcode)
    with db.engine.connect() as connection:
        if card_number is not None:
            try:
                DEFAULT_FORMAT.validate(card_number)
            except MemberCardError as exc:
                raise ApiProblem("card_number_invalid", str(exc)) from None
            row = connection.execute(_BY_NUMBER, {"value": card_number}).first()
        elif uid is not None:
            value = members.normalise_uid(uid)
            row = connection.execute(_BY_RFID, {"value": value}).first()
            if row is None:
                row = connection.execute(_BY_NFC, {"value": value}).first()
        else:
            raise ApiProblem("validation_failed", "give a card_number, uid or barcode")
    if row is None:
        with db.reading() as session:
            raise members.unknown_card_problem(session, card_number=card_number, uid=uid)
    return _answer(row)
