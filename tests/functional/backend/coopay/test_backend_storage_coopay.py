"""Coopay tokens, authorisations, declines and refunds, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import re
import threading
import uuid
from datetime import timedelta

import pytest

from backend_stub.coopay import service as coopay
from backend_stub.core.problems import ApiProblem
from backend_stub.login import service as login
from backend_stub.login import sessions
from backend_stub.members import family
from backend_stub.members import service as members
from backend_stub.outbox import service as outbox
from backend_stub.seeding.demo import DEMO_STORE, PEOPLE
from backend_stub.terminals import service as terminals
from pos.formats.coopay_qr import encode_payload, parse_payload

DEMO = {p.key: p for p in PEOPLE}


@pytest.fixture
def till(backend):
    with backend.db.writing() as session:
        _, row = terminals.add_terminal(backend, session, store_id=DEMO_STORE, register=4)
    return terminals.TerminalIdentity(row.id, DEMO_STORE, 4)


def _login(backend, key: str, device: str = "phone") -> str:
    phone = DEMO[key].phone
    started = login.start_sms(backend, phone, device, device)
    with backend.db.reading() as session:
        code = re.search(r"\b(\d{6})\b", outbox.messages_for(session, phone=phone)[-1].body)[1]
    return login.verify_sms(backend, started.challenge_id, code).token


def _token(backend, app_token: str) -> str:
    with backend.db.writing() as session:
        return coopay.issue_token(
            backend, session, sessions.authenticate(backend, session, app_token)
        )["qr_payload"]


def _authorise(backend, till, qr: str, amount: int = 12_345, key: str | None = None):
    """The till's call; a retry reuses the key (and so the purchase id it derives from)."""
    key = key or str(uuid.uuid4())
    purchase_id = str(uuid.uuid5(uuid.NAMESPACE_URL, key))
    return coopay.authorise(
        backend,
        till,
        key,
        store=DEMO_STORE,
        qr_payload=qr,
        amount_ore=amount,
        purchase_id=purchase_id,
    )


def _declined(outcome, reason: str) -> None:
    assert outcome.problem_status == 402, outcome.body
    assert outcome.body["decline_reason"] == reason
    assert outcome.body["message_nb"]


def test_token_is_a_valid_payload_without_personal_data(backend):
    qr = _token(backend, _login(backend, "kari"))
    payload = parse_payload(qr)  # the till's own parser accepts it
    raw = base64.b64decode(qr)
    for personal in (DEMO["kari"].card_number, DEMO["kari"].phone, "Kari", "Nordmann"):
        assert personal.encode() not in raw
    assert len(payload.token) == 16 and len(payload.mac) == 16


def test_approval_returns_a_reference_and_the_member(backend, till):
    qr = _token(backend, _login(backend, "kari"))
    outcome = _authorise(backend, till, qr, 12_345)
    assert outcome.problem_status is None
    assert outcome.body["status"] == "approved" and outcome.body["amount_ore"] == 12_345
    assert outcome.body["payment_reference"].startswith("CP")
    assert outcome.body["member"]["initials"] == "KN"


def test_a_token_is_single_use_but_a_retry_gets_the_approval_back(backend, till):
    qr = _token(backend, _login(backend, "kari"))
    first = _authorise(backend, till, qr, key="till-retry-1")
    retry = _authorise(backend, till, qr, key="till-retry-1")
    assert retry.replayed and retry.body == first.body
    _declined(_authorise(backend, till, qr), "already_used")


def test_token_expires_after_sixty_seconds(backend, till):
    qr = _token(backend, _login(backend, "kari"))
    backend.clock.advance(timedelta(seconds=60))
    _declined(_authorise(backend, till, qr), "expired")


def test_forged_and_malformed_payloads_are_invalid(backend, till):
    qr = _token(backend, _login(backend, "kari"))
    real = parse_payload(qr)
    forged_mac = encode_payload(real.token, bytes(16))
    unknown_token = encode_payload(bytes(16), coopay.compute_mac(backend, bytes(16)))
    for text in (forged_mac, unknown_token, "hQVDUFYwMQ==", "not a qr"):
        _declined(_authorise(backend, till, text), "invalid")
    assert _authorise(backend, till, qr).problem_status is None  # the real one still works


def test_logging_out_kills_the_token(backend, till):
    app = _login(backend, "kari")
    qr = _token(backend, app)
    with backend.db.writing() as session:
        sessions.logout(backend, session, sessions.authenticate(backend, session, app))
    outcome = _authorise(backend, till, qr)
    _declined(outcome, "session_logged_out")
    assert "Logg inn på nytt i appen" in outcome.body["message_nb"]


def test_blocked_member_and_blocked_payment_card_are_declined(backend, till):
    app = _login(backend, "kari")
    qr = _token(backend, app)
    with backend.db.writing() as session:
        auth = sessions.authenticate(backend, session, app)
        auth.account.coopay_card_status = "blocked"
    _declined(_authorise(backend, till, qr), "card_blocked")
    with backend.db.writing() as session:
        auth = sessions.authenticate(backend, session, app)
        auth.account.coopay_card_status = "active"
    qr = _token(backend, app)
    with backend.db.writing() as session:
        members.set_member_status(session, auth.member.ref, "blocked", "test")
    _declined(_authorise(backend, till, qr), "member_blocked")


def test_family_member_pays_and_owner_can_stop_it(backend, till):
    owner = _login(backend, "ola")
    emma = _login(backend, "emma")
    approved = _authorise(backend, till, _token(backend, emma))
    assert approved.body["member"]["role"] == "family"
    qr = _token(backend, emma)
    with backend.db.writing() as session:
        auth = sessions.authenticate(backend, session, owner)
        emma_ref = approved.body["member"]["member_ref"]
        family.set_coopay_allowed(session, auth, emma_ref, False)
    _declined(_authorise(backend, till, qr), "family_not_allowed")
    with backend.db.writing() as session, pytest.raises(ApiProblem) as caught:
        coopay.issue_token(backend, session, sessions.authenticate(backend, session, emma))
    assert caught.value.code == "coopay_not_enabled"


def test_limits(backend, till):
    app = _login(backend, "kari")
    _declined(_authorise(backend, till, _token(backend, app), 500_001), "limit_exceeded")
    assert _authorise(backend, till, _token(backend, app), 500_000).problem_status is None
    assert _authorise(backend, till, _token(backend, app), 500_000).problem_status is None
    _declined(_authorise(backend, till, _token(backend, app), 1), "limit_exceeded")  # daily
    emma = _login(backend, "emma")
    _declined(_authorise(backend, till, _token(backend, emma), 300_001), "limit_exceeded")


def test_member_without_coopay_gets_no_token(backend):
    ingrid = _login(backend, "ingrid")
    with backend.db.writing() as session, pytest.raises(ApiProblem) as caught:
        coopay.issue_token(backend, session, sessions.authenticate(backend, session, ingrid))
    assert caught.value.code == "coopay_not_enabled"


def test_concurrent_authorisations_of_one_token_approve_once(backend, till):
    qr = _token(backend, _login(backend, "kari"))
    outcomes = []
    barrier = threading.Barrier(6)

    def go():
        barrier.wait()
        outcomes.append(_authorise(backend, till, qr))

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(o.problem_status or 0 for o in outcomes) == [0] + [402] * 5


def test_refunds_up_to_the_payment(backend, till):
    approved = _authorise(backend, till, _token(backend, _login(backend, "kari")), 10_000)
    ref = approved.body["payment_reference"]
    part = coopay.refund(
        backend, till, "r1", payment_reference=ref, amount_ore=4_000, purchase_id=None
    )
    assert part.problem_status is None and part.body["refundable_ore"] == 6_000
    again = coopay.refund(
        backend, till, "r1", payment_reference=ref, amount_ore=4_000, purchase_id=None
    )
    assert again.replayed and again.body["refundable_ore"] == 6_000
    too_much = coopay.refund(
        backend, till, "r2", payment_reference=ref, amount_ore=6_001, purchase_id=None
    )
    assert too_much.problem_status == 422 and too_much.body["refundable_ore"] == 6_000
    with backend.db.writing() as session:
        _, row = terminals.add_terminal(backend, session, store_id=1002, register=1)
    other_store = terminals.TerminalIdentity(row.id, 1002, 1)
    foreign = coopay.refund(
        backend, other_store, "r3", payment_reference=ref, amount_ore=1, purchase_id=None
    )
    assert foreign.problem_status == 403 and foreign.body["code"] == "store_mismatch"
