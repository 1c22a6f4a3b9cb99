"""Two-step login, lockout and sessions, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend_stub.core.problems import ApiProblem
from backend_stub.login import service as login
from backend_stub.login import sessions
from backend_stub.login.models import LoginThrottle, OtpChallenge
from backend_stub.outbox import service as outbox
from backend_stub.seeding.demo import PEOPLE

DEMO = {p.key: p for p in PEOPLE}


def _code(backend, phone: str) -> str:
    with backend.db.reading() as session:
        return re.search(r"\b(\d{6})\b", outbox.messages_for(session, phone=phone)[-1].body)[1]


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_sms_code_gives_a_two_step_session(backend):
    phone = DEMO["kari"].phone
    started = login.start_sms(backend, "912 34 567", "kari-phone", "Karis telefon")
    assert started.sent_to.endswith("567") and "912" not in started.sent_to
    result = login.verify_sms(backend, started.challenge_id, _code(backend, phone))
    assert result.login_method == "sms"
    with backend.db.reading() as session:
        auth = sessions.authenticate(backend, session, result.token)
        assert auth.person.phone == phone and auth.two_step
        assert auth.account.new_login_at == backend.now()


def test_codes_and_tokens_are_stored_hashed(backend):
    started = login.start_sms(backend, DEMO["kari"].phone, "d1", "")
    code = _code(backend, DEMO["kari"].phone)
    result = login.verify_sms(backend, started.challenge_id, code)
    with backend.db.reading() as session:
        challenge = session.get(OtpChallenge, started.challenge_id)
        assert code not in challenge.code_hash and len(challenge.code_hash) == 64
        from backend_stub.login.models import AppSession

        stored = [s.token_hash for s in session.scalars(select(AppSession))]
    assert result.token not in stored


def test_code_expires_after_five_minutes(backend):
    started = login.start_sms(backend, DEMO["kari"].phone, "d1", "")
    code = _code(backend, DEMO["kari"].phone)
    backend.clock.advance(timedelta(minutes=5))
    with pytest.raises(ApiProblem) as caught:
        login.verify_sms(backend, started.challenge_id, code)
    assert caught.value.code == "otp_expired"


def test_five_wrong_codes_lock_for_fifteen_minutes_even_the_right_code(backend):
    phone = DEMO["kari"].phone
    started = login.start_sms(backend, phone, "d1", "")
    code = _code(backend, phone)
    for attempt in range(1, 5):
        with pytest.raises(ApiProblem) as caught:
            login.verify_sms(backend, started.challenge_id, _wrong(code))
        assert caught.value.code == "otp_invalid"
        assert caught.value.params["attempts_left"] == 5 - attempt
    with pytest.raises(ApiProblem) as caught:
        login.verify_sms(backend, started.challenge_id, _wrong(code))
    assert caught.value.code == "otp_locked"
    assert caught.value.params["retry_after_seconds"] == 15 * 60
    with pytest.raises(ApiProblem) as caught:  # the right code does not help now
        login.verify_sms(backend, started.challenge_id, code)
    assert caught.value.code == "otp_locked"
    with pytest.raises(ApiProblem) as caught:  # nor does asking for a new code
        login.start_sms(backend, phone, "d1", "")
    assert caught.value.code == "otp_locked"
    backend.clock.advance(timedelta(minutes=15))
    fresh = login.start_sms(backend, phone, "d1", "")
    assert login.verify_sms(backend, fresh.challenge_id, _code(backend, phone)).token


def test_failures_are_counted_across_new_codes(backend):
    phone = DEMO["kari"].phone
    for _ in range(5):
        started = login.start_sms(backend, phone, "d1", "")
        with pytest.raises(ApiProblem):
            login.verify_sms(backend, started.challenge_id, _wrong(_code(backend, phone)))
    with backend.db.reading() as session:
        throttle = session.get(LoginThrottle, phone)
        assert throttle.locked_until == backend.now() + timedelta(minutes=15)


def test_unknown_numbers_get_the_same_answer_and_no_sms(backend):
    started = login.start_sms(backend, "49999999", "d1", "")
    assert started.challenge_id
    with backend.db.reading() as session:
        assert outbox.messages_for(session, phone="+4749999999") == []
    with pytest.raises(ApiProblem) as caught:
        login.verify_sms(backend, started.challenge_id, "000000")
    assert caught.value.code == "otp_invalid"


def test_member_without_digital_account_gets_no_code(backend):
    login.start_sms(backend, DEMO["per"].phone, "d1", "")
    with backend.db.reading() as session:
        assert outbox.messages_for(session, phone=DEMO["per"].phone) == []


def test_bankid_login(backend):
    order = login.start_bankid(backend, DEMO["ola"].national_id, "ola-tablet", "Nettbrett")
    result = login.collect_bankid(backend, order)
    assert result.login_method == "bankid"
    with pytest.raises(ApiProblem) as again:
        login.collect_bankid(backend, order)
    assert again.value.code == "bankid_order_unknown"
    with pytest.raises(ApiProblem) as bad:
        login.start_bankid(backend, DEMO["ola"].national_id[:-1] + "0", "d", "")
    assert bad.value.code == "national_id_invalid"
    with pytest.raises(ApiProblem) as no_account:
        login.start_bankid(backend, DEMO["per"].national_id, "d", "")
    assert no_account.value.code == "bankid_no_account"


def test_one_session_per_device_and_logout_all(backend):
    phone = DEMO["ola"].phone

    def sms(device):
        started = login.start_sms(backend, phone, device, device)
        return login.verify_sms(backend, started.challenge_id, _code(backend, phone))

    first, tablet = sms("phone"), sms("tablet")
    again = sms("phone")  # the same device logs in again: the old session ends
    with backend.db.reading() as session:
        with pytest.raises(ApiProblem) as replaced:
            sessions.authenticate(backend, session, first.token)
        auth = sessions.authenticate(backend, session, again.token)
        live = {s.device_id for s in sessions.live_sessions(backend, session, auth.person.id)}
    assert replaced.value.code == "session_logged_out"
    assert live == {"phone", "tablet"}
    with backend.db.writing() as session:
        auth = sessions.authenticate(backend, session, again.token)
        assert sessions.logout_everywhere(backend, session, auth.person.id) == 2
    with backend.db.reading() as session:
        for token in (again.token, tablet.token):
            with pytest.raises(ApiProblem) as caught:
                sessions.authenticate(backend, session, token)
            assert caught.value.code == "session_logged_out"


def test_garbage_and_missing_tokens(backend):
    with backend.db.reading() as session:
        for token, code in ((None, "session_missing"), ("nope", "session_invalid")):
            with pytest.raises(ApiProblem) as caught:
                sessions.authenticate(backend, session, token)
            assert caught.value.code == code
