"""Members, cards and family rules, on SQLite and PostgreSQL (service level, real database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend_stub.core.problems import ApiProblem
from backend_stub.login import service as login
from backend_stub.login import sessions
from backend_stub.members import family
from backend_stub.members import service as members
from backend_stub.seeding.demo import PEOPLE
from pos.formats.member_card import DEFAULT_FORMAT

DEMO = {p.key: p for p in PEOPLE}


def _sms_login(backend, phone: str, device: str = "phone-1") -> sessions.NewSession:
    """The real two-step login: start, read the code from the outbox, verify."""
    started = login.start_sms(backend, phone, device, "Test phone")
    with backend.db.reading() as session:
        from backend_stub.outbox import service as outbox

        code = outbox.messages_for(session, phone=phone)[-1].body.split(" er ")[1][:6]
    return login.verify_sms(backend, started.challenge_id, code)


def _auth(backend, token: str, session):
    return sessions.authenticate(backend, session, token)


def test_lookup_by_card_number_uid_and_barcode_find_the_same_member(backend):
    kari = DEMO["kari"]
    with backend.db.reading() as session:
        by_number = members.lookup(session, card_number=kari.card_number)
        by_rfid = members.lookup(session, uid=kari.rfid_uid.lower())
        by_nfc = members.lookup(session, uid=kari.nfc_uid)
        by_barcode = members.lookup(session, barcode=kari.card_number)
        with pytest.raises(ApiProblem) as with_aim:  # the devices strip AIM ids, not the backend
            members.lookup(session, barcode="]C0" + kari.card_number)
    assert by_number == by_rfid == by_nfc == by_barcode
    assert with_aim.value.code == "card_number_invalid"
    assert by_number["role"] == "owner"
    assert by_number["initials"] == "KN"
    assert by_number["masked_card"] == "************" + kari.card_number[-4:]


def test_lookup_returns_nothing_personal(backend):
    with backend.db.reading() as session:
        found = members.lookup(session, card_number=DEMO["emma"].card_number)
    assert set(found) == {
        "member_ref",
        "role",
        "initials",
        "owner_initials",
        "status",
        "masked_card",
    }
    assert found["role"] == "family" and found["owner_initials"] == "ON"
    text = repr(found)
    for secret in (DEMO["emma"].national_id, DEMO["emma"].phone, "Emma", "Storgata"):
        assert secret not in text


@pytest.mark.parametrize(("key", "code"), [("lise", "card_blocked"), ("ingrid", "card_lost")])
def test_blocked_and_lost_cards_are_refused_with_a_reason(backend, key, code):
    with backend.db.reading() as session, pytest.raises(ApiProblem) as caught:
        members.lookup(session, card_number=DEMO[key].card_number)
    assert caught.value.code == code
    assert "Kortet" in caught.value.body()["message_nb"]


def test_replacement_card_works_when_the_first_is_lost(backend):
    serial = DEMO["ingrid"].extra_card[0]
    with backend.db.reading() as session:
        assert members.lookup(session, card_number=DEFAULT_FORMAT.make(serial))["initials"] == "ID"


def test_unknown_and_malformed_cards(backend):
    with backend.db.reading() as session:
        with pytest.raises(ApiProblem) as unknown:
            members.lookup(session, card_number=DEFAULT_FORMAT.make(999_999_998))
        with pytest.raises(ApiProblem) as bad_check:
            members.lookup(session, card_number="9578010000000011")
    assert unknown.value.code == "card_unknown"
    assert bad_check.value.code == "card_number_invalid"


def test_blocking_a_member_blocks_lookups_but_keeps_the_membership(backend):
    with backend.db.writing() as session:
        view = members.find_card(session, card_number=DEMO["per"].card_number)[1]
        members.set_member_status(session, view.member.ref, "blocked", "test")
    with backend.db.reading() as session, pytest.raises(ApiProblem) as caught:
        members.lookup(session, card_number=DEMO["per"].card_number)
    assert caught.value.code == "member_blocked"


def _new_family(**overrides) -> family.NewFamilyMember:
    values = {
        "given_name": "Sara",
        "family_name": "Nordmann",
        "birth_date": date(2000, 1, 1),
        "phone": "41234567",
    }
    values.update(overrides)
    return family.NewFamilyMember(**values)


def test_owner_after_new_login_adds_family_with_own_card_and_login(backend):
    ola = _sms_login(backend, DEMO["ola"].phone)
    with backend.db.writing() as session:
        added = family.add(backend, session, _auth(backend, ola.token, session), _new_family())
    assert added["role"] == "family" and added["owner_initials"] == "ON"
    with backend.db.reading() as session:
        listed = family.list_family(session, _auth(backend, ola.token, session))
    assert [m["given_name"] for m in listed] == ["Emma", "Jonas", "Sara"]
    # the new family member logs in on their own phone, with their own identity
    sara = _sms_login(backend, "+4741234567", device="sara-phone")
    with backend.db.reading() as session:
        auth = _auth(backend, sara.token, session)
        owner_membership = _auth(backend, ola.token, session).membership.id
        assert auth.member.role == "family" and auth.membership.id == owner_membership
        assert auth.person.given_name == "Sara"
        card = members.primary_card(session, auth.member.id)
        assert card.kind == "digital" and DEFAULT_FORMAT.is_member_card(card.number)


def test_adding_family_needs_the_new_login(backend):
    legacy = login.open_legacy_session(backend, DEMO["kari"].phone, "old-phone", "")
    with backend.db.writing() as session, pytest.raises(ApiProblem) as caught:
        family.add(backend, session, _auth(backend, legacy.token, session), _new_family())
    assert caught.value.code == "relogin_required"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"birth_date": None}, "family_too_young"),
        ({"address_line": "Annen gate 9", "postal_code": "5003"}, "family_address_differs"),
        ({"phone": "92345678"}, "phone_taken"),
        ({"phone": "12"}, "phone_invalid"),
    ],
)
def test_family_rules(backend, change, code):
    if change.get("birth_date", 1) is None:  # 15 years and 364 days old at the fixed clock
        today = backend.now().date()
        change = {"birth_date": today.replace(year=today.year - 16) + timedelta(days=1)}
    ola = _sms_login(backend, DEMO["ola"].phone)
    with backend.db.writing() as session, pytest.raises(ApiProblem) as caught:
        family.add(backend, session, _auth(backend, ola.token, session), _new_family(**change))
    assert caught.value.code == code


def test_family_limit_is_nine_by_default(backend):
    ola = _sms_login(backend, DEMO["ola"].phone)
    with backend.db.writing() as session:
        auth = _auth(backend, ola.token, session)
        for n in range(7):  # Ola has Emma and Jonas already
            family.add(
                backend, session, auth, _new_family(given_name=f"Barn{n}", phone=f"4100000{n}")
            )
        with pytest.raises(ApiProblem) as caught:
            family.add(backend, session, auth, _new_family(phone="41000009"))
    assert caught.value.code == "family_limit_reached"
    assert caught.value.params["limit"] == 9


def test_family_member_cannot_add_family_or_see_siblings(backend):
    emma = _sms_login(backend, DEMO["emma"].phone)
    with backend.db.writing() as session:
        auth = _auth(backend, emma.token, session)
        with pytest.raises(ApiProblem) as caught:
            family.add(backend, session, auth, _new_family())
        listed = family.list_family(session, auth)
    assert caught.value.code == "family_owner_only"
    assert [m["given_name"] for m in listed] == ["Emma"]


def test_a_member_cannot_read_another_membership(backend):
    kari = _sms_login(backend, DEMO["kari"].phone)
    with backend.db.reading() as session:
        emma_ref = members.find_card(session, card_number=DEMO["emma"].card_number)[1].member.ref
        with pytest.raises(ApiProblem) as caught:
            family.get(session, _auth(backend, kari.token, session), emma_ref)
    assert caught.value.code == "family_member_unknown"
