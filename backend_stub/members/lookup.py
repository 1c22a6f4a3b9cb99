"""The till's member lookup on its hot path: one column-only query, no ORM objects.

Why a second path beside `members.lookup`: a lookup happens for every member card
a till reads, at chain scale thousands a minute. Loading five ORM objects to answer
with six short strings cost about nine times the query itself. This path reads only
the columns the answer needs, with the statement built once and run on the driver's
own cursor (`core.driver_reads`); it answers exactly as `members.lookup` does (the
storage tests compare the two over every demo card). The rare refusals that need
more (a closed membership's card) take the full path. With `read_db_url` set, lookups
read from that replica: a card blocked a moment ago may still be found until the
replica has replayed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from backend_stub.core.db import Database
from backend_stub.core.identity import initials
from backend_stub.core.problems import ApiProblem
from backend_stub.members import service as members
from backend_stub.members.models import Card, Member, Membership
from backend_stub.members.people import Person
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
        Member.id,
        Membership.id,
        Membership.member_number,
    )
    .join(Member, Member.id == Card.member_id)
    .join(Person, Person.id == Member.person_id)
    .join(Membership, Membership.id == Member.membership_id)
    .join(_Owner, _Owner.id == Membership.owner_person_id)
)
_BY_NUMBER = _COLUMNS.where(Card.number == bindparam("value"))
_BY_RFID = _COLUMNS.where(Card.rfid_uid == bindparam("value"))
_BY_NFC = _COLUMNS.where(Card.nfc_uid == bindparam("value"))
_BY_NUMBERS = _COLUMNS.where(Card.number.in_(bindparam("values", expanding=True)))


@dataclass(frozen=True)
class CardHolder:
    """Who a card belongs to, as plain values: what ingest and lookup answer with."""

    member_id: int
    membership_id: int
    summary: dict  # as `MemberView.summary()`: owner_initials only for family members
    account: dict  # as `MemberView.account()`


def problem_of(row) -> ApiProblem | None:
    """Why this card cannot be used (as `members.usable_problem`), or None."""
    number, card_status, ref, _role, member_status, membership_status = row[:6]
    masked = mask_number(number)
    if card_status == "blocked":
        return ApiProblem("card_blocked", f"card {masked} is blocked")
    if card_status == "lost":
        return ApiProblem("card_lost", f"card {masked} is reported lost")
    if member_status != "active" or membership_status != "active":
        return ApiProblem("member_blocked", f"member {ref} is blocked")
    return None


def holder_of(row) -> CardHolder:
    number, _card_status, ref, role, member_status, _ms, *rest = row
    given, family, owner_given, owner_family, member_id, membership_id, member_number = rest
    owner = initials(owner_given, owner_family)
    summary = {
        "member_ref": ref,
        "role": role,
        "initials": initials(given, family),
        "status": member_status,
        "masked_card": mask_number(number),
    }
    if role == "family":
        summary["owner_initials"] = owner
    account = {"masked_member_number": mask_number(member_number), "owner_initials": owner}
    return CardHolder(member_id, membership_id, summary, account)


def rows_by_number(connection, numbers: list[str]) -> dict[str, object]:
    """Card number → row, for many card numbers in one query (a batch of purchases)."""
    if not numbers:
        return {}
    return {row[0]: row for row in connection.execute(_BY_NUMBERS, {"values": numbers})}


def _answer(row) -> dict:
    problem = problem_of(row)
    if problem is not None:
        raise problem
    summary = holder_of(row).summary
    return {**summary, "owner_initials": summary.get("owner_initials")}


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
    reads = db.lookup_reads  # the read replica, if there is one
    if card_number is not None:
        try:
            DEFAULT_FORMAT.validate(card_number)
        except MemberCardError as exc:
            raise ApiProblem("card_number_invalid", str(exc)) from None
        row = reads.first(_BY_NUMBER, {"value": card_number})
    elif uid is not None:
        value = members.normalise_uid(uid)
        row = reads.first(_BY_RFID, {"value": value}) or reads.first(_BY_NFC, {"value": value})
    else:
        raise ApiProblem("validation_failed", "give a card_number, uid or barcode")
    if row is None:
        with db.reading() as session:
            raise members.unknown_card_problem(session, card_number=card_number, uid=uid)
    return _answer(row)
