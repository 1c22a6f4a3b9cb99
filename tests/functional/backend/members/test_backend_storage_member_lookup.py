"""The lean lookup (column-only, no ORM) answers exactly as the full `members.lookup` does,
for every demo card by number, RFID and NFC UID and barcode, for refused, unknown,
malformed and closed cards, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from backend_stub.core.problems import ApiProblem
from backend_stub.members import lookup as member_lookup
from backend_stub.members import service as members
from backend_stub.members.schemas import MemberSummary
from backend_stub.privacy import audit, erasure
from backend_stub.seeding.demo import PEOPLE
from pos.formats.member_card import DEFAULT_FORMAT


def _outcome(call) -> dict | tuple[str, str]:
    try:
        return MemberSummary(**call()).model_dump()
    except ApiProblem as problem:
        return problem.code, problem.body()["detail"]


def _both(backend, **ident) -> tuple[object, object]:
    lean = _outcome(lambda: member_lookup.lookup(backend.db, **ident))
    with backend.db.reading() as session:
        full = _outcome(lambda: members.lookup(session, **ident))
    return lean, full


def _idents() -> list[dict]:
    idents = [
        {"card_number": DEFAULT_FORMAT.make(999_999_998)},  # unknown
        {"card_number": "9578010000000011"},  # bad check digit
        {"card_number": "1234"},
        {"uid": "DEADBEEF00"},  # unknown UID
        {"uid": "not hex"},
        {"barcode": "]C0" + PEOPLE[0].card_number},  # the devices strip AIM, not the backend
    ]
    for person in PEOPLE:
        idents += [{"card_number": person.card_number}, {"barcode": f" {person.card_number} "}]
        idents += [{"uid": uid} for uid in (person.rfid_uid, person.nfc_uid) if uid]
        if person.extra_card:
            idents.append({"card_number": DEFAULT_FORMAT.make(person.extra_card[0])})
    return idents


def test_the_lean_lookup_answers_as_the_full_one(backend):
    outcomes = {}
    for ident in _idents():
        lean, full = _both(backend, **ident)
        assert lean == full, ident
        outcomes[repr(ident)] = lean
    found = [o for o in outcomes.values() if isinstance(o, dict)]
    codes = {o[0] for o in outcomes.values() if isinstance(o, tuple)}
    assert {o["role"] for o in found} == {"owner", "family"}
    assert codes >= {"card_unknown", "card_number_invalid", "card_blocked", "card_lost"}


def test_a_closed_memberships_card_is_named_so_by_both(backend):
    ola = next(p for p in PEOPLE if p.key == "ola")
    with backend.db.writing() as session:
        found = members.find_card(session, card_number=ola.card_number)
        erasure.leave(session, backend.now(), found[1].member, audit.ADMIN_CLI)
    for ident in ({"card_number": ola.card_number}, {"uid": ola.rfid_uid}):
        lean, full = _both(backend, **ident)
        assert lean == full and lean[0] == "membership_closed"
    with pytest.raises(ApiProblem):
        member_lookup.lookup(backend.db)
