"""Leaving the membership erases every personal trace; the access export holds every
table's rows for the member. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from privacy_helpers import DEMO, add_till, buy, identity_of, ledger_total, rows_mentioning
from sqlalchemy import func, select

from backend_stub.core.problems import ApiProblem
from backend_stub.core.tables import Base
from backend_stub.members import service as members
from backend_stub.outbox import service as outbox
from backend_stub.privacy import access_export, audit, consents, erasure, retention
from backend_stub.privacy.models import MembershipSettlement
from backend_stub.purchases import ledger
from backend_stub.purchases import service as purchases
from backend_stub.purchases.models import Purchase
from backend_stub.purchases.schemas import PurchaseIn
from backend_stub.seeding.demo import DEMO_STORE
from backend_stub.seeding.sample_purchases import purchase_body, sample_lines
from pos.formats.member_card import DEFAULT_FORMAT


def _activity(backend, till, key: str) -> None:
    """A member who used everything: consents, analysis, purchases, a lookup, a message."""
    now = backend.now()
    with backend.db.reading() as session:
        who = identity_of(session, key)
    with backend.db.writing() as session:
        consents.set_consent(session, now, who.person_id, "analysis", True, source="app")
        consents.set_consent(
            session, now, who.person_id, "push", True, source="app", device_id="p1"
        )
        consents.set_consent(session, now, who.person_id, "email", False, source="phone")
        audit.record(
            session,
            now,
            audit.terminal_actor(till.id),
            "read",
            "member_lookup",
            subject_ref=who.strings[3],
        )
    for hours in (1, 2):
        buy(backend, till, key, now + timedelta(hours=hours))
    retention.run_in_transaction(backend, now + timedelta(hours=3))


@pytest.fixture
def till(backend):
    return add_till(backend)


def test_leaving_erases_the_whole_family_and_keeps_the_accounts_right(backend, till):
    for key in ("ola", "emma", "kari"):
        _activity(backend, till, key)
    with backend.db.reading() as session:
        family = [identity_of(session, k) for k in ("ola", "emma", "jonas")]
        kari = identity_of(session, "kari")
        ola = family[0]
        balance = ledger.balances(session, ola.membership_id)
        total = ledger_total(session)
        purchase_count = session.scalar(select(func.count()).select_from(Purchase))
        # sanity: before leaving, the family is all over the database
        assert rows_mentioning(session, ola.strings)
    assert balance["dividend_ore"] > 0

    with backend.db.writing() as session:
        owner = members.view_by_id(session, ola.member_id).member
        receipt = erasure.leave(session, backend.now(), owner, audit.ADMIN_CLI)
    assert receipt.membership_closed and receipt.persons_erased == 3
    assert receipt.settled_dividend_ore == balance["dividend_ore"]
    assert receipt.settled_bonus_ore == balance["bonus_ore"]

    with backend.db.reading() as session:
        # no table holds any identifier of Ola, Emma or Jonas
        needles = [s for who in family for s in who.strings]
        assert rows_mentioning(session, needles) == []
        # and no row points at their persons, members or membership
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                gone = {
                    "persons": {w.person_id for w in family},
                    "members": {w.member_id for w in family},
                    "memberships": {ola.membership_id},
                }.get(fk.column.table.name)
                if gone:
                    count = session.scalar(
                        select(func.count()).select_from(table).where(fk.parent.in_(gone))
                    )
                    assert count == 0, (table.name, fk.parent.name)
        # accounting: purchases kept (anonymous), ledger total unchanged, payout recorded
        assert session.scalar(select(func.count()).select_from(Purchase)) == purchase_count
        assert ledger_total(session) == total
        settlement = session.scalars(select(MembershipSettlement)).one()
        assert settlement.dividend_ore == balance["dividend_ore"]
        # Kari, another member, is untouched
        assert identity_of(session, "kari").strings == kari.strings
        assert (
            session.scalar(
                select(func.count())
                .select_from(Purchase)
                .where(Purchase.member_id == kari.member_id)
            )
            == 2
        )

    # the till is told why the card no longer works, by number and by RFID UID
    with backend.db.reading() as session:
        for ident in ({"card_number": DEMO["ola"].card_number}, {"uid": DEMO["ola"].rfid_uid}):
            with pytest.raises(ApiProblem) as refused:
                members.lookup(session, **ident)
            assert refused.value.code == "membership_closed"
            assert refused.value.body()["message_nb"] == "Kortet tilhører et avsluttet medlemskap."
        # a card that never existed is still just unknown
        with pytest.raises(ApiProblem) as unknown:
            members.lookup(session, card_number=DEFAULT_FORMAT.make(999_999_990))
        assert unknown.value.code == "card_unknown"
    # a sale offline with the closed card is kept, earns nothing, and says why
    body = purchase_body(
        DEMO_STORE,
        till.register,
        lines=sample_lines(2),
        member={"card_number": DEMO["ola"].card_number},
    )
    outcome = purchases.ingest(backend, till, body["purchase_id"], PurchaseIn(**body))
    assert outcome.problem_status is None
    assert outcome.body["member"]["reason"] == "membership_closed"
    assert outcome.body["earned"]["dividend_ore"] == 0


def test_a_family_member_leaving_erases_only_them(backend, till):
    for key in ("ola", "emma"):
        _activity(backend, till, key)
    with backend.db.reading() as session:
        emma, ola = identity_of(session, "emma"), identity_of(session, "ola")
        balance = ledger.balances(session, ola.membership_id)
    with backend.db.writing() as session:
        member = members.view_by_id(session, emma.member_id).member
        receipt = erasure.leave(session, backend.now(), member, audit.ADMIN_CLI)
    assert not receipt.membership_closed and receipt.persons_erased == 1
    with backend.db.reading() as session:
        assert rows_mentioning(session, emma.strings) == []
        assert identity_of(session, "ola").strings == ola.strings
        # Emma's purchases still credit Ola's account, without saying who bought
        assert ledger.balances(session, ola.membership_id) == balance
        emma_purchases = session.scalar(
            select(func.count())
            .select_from(Purchase)
            .where(Purchase.membership_id == ola.membership_id, Purchase.member_id.is_(None))
        )
        assert emma_purchases == 2


def test_the_access_export_holds_every_tables_rows_for_the_member(backend, till):
    _activity(backend, till, "kari")
    _activity(backend, till, "ola")
    _activity(backend, till, "emma")
    with backend.db.writing() as session:  # an outbox message and a second session's trace
        kari = identity_of(session, "kari")
        person = members.view_by_id(session, kari.member_id).person
        outbox.send(
            session,
            backend.now(),
            person_id=None,
            channel="sms",
            address=person.phone,
            kind="otp",
            message=outbox.Message("", "Koden din er 123456"),
        )
    assert access_export.unmapped_tables() == []
    for key in ("kari", "ola", "emma"):
        with backend.db.reading() as session:
            who = identity_of(session, key)
            member = members.view_by_id(session, who.member_id)
            document = access_export.export(session, member.member)
            _assert_complete(session, document, who, member)
            if key == "kari":  # the SMS sent to her number, found by address
                assert document["tables"]["outbox_messages"]


def _exported_ids(document, table) -> set:
    (pk,) = table.primary_key.columns
    return {row[pk.name] for row in document["tables"][table.name]}


def _assert_complete(session, document, who, view) -> None:
    tables = Base.metadata.sorted_tables
    assert set(document["tables"]) == {t.name for t in tables}
    own = {
        "persons": {who.person_id},
        "members": {who.member_id},
        "memberships": {who.membership_id} if view.member.role == "owner" else set(),
    }
    for table in tables:
        (pk,) = table.primary_key.columns
        exported = _exported_ids(document, table)
        for fk in table.foreign_keys:
            ids = own.get(fk.column.table.name)
            if not ids or table.name in own:
                continue
            if table.name == "analysis_purchases" and fk.parent.name != "member_id":
                continue
            expected = set(session.scalars(select(pk).where(fk.parent.in_(ids))))
            assert expected <= exported, (table.name, fk.parent.name)
    for name, wanted in own.items():
        assert _exported_ids(document, Base.metadata.tables[name]) == wanted
    # rows found by contact data and reference, not by foreign key
    outbox_rows = document["tables"]["outbox_messages"]
    assert all(
        r["address"] in (view.person.phone, view.person.email, f"app:{who.person_id}")
        or r["person_id"] == who.person_id
        for r in outbox_rows
    )
    audit_rows = document["tables"]["privacy_audit_log"]
    assert any(r["subject_ref"] == view.member.ref for r in audit_rows)
    assert len(document["tables"]["consent_events"]) == 3
    # another member's personal data never appears; the national id is masked
    person = document["tables"]["persons"][0]
    assert person["national_id"] == view.person.national_id[:6] + "*****"
    assert view.person.national_id not in str(document)
    for row in document["tables"]["app_sessions"]:
        assert row["token_hash"] == "[hashed]"


def test_a_lookup_audited_just_before_leaving_does_not_bring_the_member_back(backend):
    with backend.db.reading() as session:
        ola, kari = identity_of(session, "ola"), identity_of(session, "kari")
    buffer = audit.ReadBuffer()
    till = audit.terminal_actor(1)
    buffer.add(backend.now(), till, "member_lookup", ola.strings[3])
    buffer.add(backend.now(), till, "member_lookup", kari.strings[3])
    with backend.db.writing() as session:
        owner = members.view_by_id(session, ola.member_id).member
        erasure.leave(session, backend.now(), owner, audit.ADMIN_CLI)
    assert buffer.flush(backend.db) == 2
    with backend.db.reading() as session:
        assert rows_mentioning(session, ola.strings) == []
        read = audit.entries_for(session, kari.strings[3])
    assert [(r.what, r.action, r.actor_kind, r.actor, r.at) for r in read] == [
        ("member_lookup", "read", till.kind, till.id, backend.now())
    ]


def test_replies_are_found_before_the_write_and_new_ones_during_it(backend, till):
    _activity(backend, till, "ola")
    with backend.db.reading() as session:
        ola = identity_of(session, "ola")
        owner = members.view_by_id(session, ola.member_id).member
        scan = erasure.scan_replies(session, erasure.leaving_refs(session, owner))
    assert len(scan.ids) == 2  # the two purchases' stored replies name Ola
    buy(backend, till, "ola", backend.now() + timedelta(hours=5))  # stored after the scan
    with backend.db.writing() as session:
        owner = members.view_by_id(session, ola.member_id).member
        erasure.leave(session, backend.now(), owner, audit.ADMIN_CLI, scan)
    with backend.db.reading() as session:
        assert rows_mentioning(session, ola.strings) == []
