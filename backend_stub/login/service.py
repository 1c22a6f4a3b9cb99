"""Two-step login for the app: an SMS code to the member's phone, or simulated BankID.

SMS: `start_sms` always answers the same way (whether or not the number belongs to
a member, so the API does not reveal who is a member); only a member's phone gets a
code in the outbox. Codes live 5 minutes and are stored as an HMAC bound to their
challenge. Five wrong codes in a row for a phone number lock further tries (and new
codes) for 15 minutes; the failure count is committed even though the call fails.

BankID: a simulated provider with the real flow's shape (start an order with the
national id, then collect it): the simulated member approves at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend_stub.core.context import Backend
from backend_stub.core.identity import birth_date_of, mask_phone, normalise_phone
from backend_stub.core.problems import ApiProblem
from backend_stub.core.security import constant_time_equal, hmac_hex, random_digits, random_ref
from backend_stub.login import sessions
from backend_stub.login.models import BankIdOrder, DigitalAccount, LoginThrottle, OtpChallenge
from backend_stub.members.people import Person
from backend_stub.outbox import service as outbox

BANKID_ORDER_SECONDS = 180


@dataclass(frozen=True)
class ChallengeStarted:
    challenge_id: str
    expires_at: datetime
    sent_to: str


def _code_hash(backend: Backend, challenge_id: str, code: str) -> str:
    return hmac_hex(backend.secret, f"otp:{challenge_id}:{code}")


def _locked_problem(locked_until: datetime, now: datetime) -> ApiProblem:
    seconds = max(1, math.ceil((locked_until - now).total_seconds()))
    return ApiProblem(
        "otp_locked",
        f"too many wrong codes for this phone; locked until {locked_until.isoformat()}",
        retry_after_seconds=seconds,
        retry_after_minutes=math.ceil(seconds / 60),
    )


def _throttle(session: Session, phone: str) -> LoginThrottle:
    """The phone's throttle row, locked for update (created on first use)."""
    query = select(LoginThrottle).where(LoginThrottle.phone == phone).with_for_update()
    row = session.scalar(query)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            session.add(LoginThrottle(phone=phone, failures=0))
    except IntegrityError:
        pass  # created concurrently: the select below finds it
    return session.scalar(query)


def _person_with_account(session: Session, **where) -> Person | None:
    query = select(Person).join(DigitalAccount, DigitalAccount.person_id == Person.id)
    for column, value in where.items():
        query = query.where(getattr(Person, column) == value)
    return session.scalar(query)


def start_sms(
    backend: Backend, phone_text: str, device_id: str, device_name: str
) -> ChallengeStarted:
    phone = normalise_phone(phone_text)
    now = backend.now()
    ttl = backend.settings.otp_ttl_seconds
    with backend.db.writing() as session:
        throttle = _throttle(session, phone)
        if throttle.locked_until is not None and throttle.locked_until > now:
            locked = _locked_problem(throttle.locked_until, now)
        else:
            locked = None
            person = _person_with_account(session, phone=phone)
            challenge_id = random_ref("c", 20)
            code = random_digits(backend.settings.otp_digits)
            session.add(
                OtpChallenge(
                    id=challenge_id,
                    phone=phone,
                    person_id=person.id if person else None,
                    device_id=device_id,
                    device_name=device_name,
                    code_hash=_code_hash(backend, challenge_id, code),
                    created_at=now,
                    expires_at=now + timedelta(seconds=ttl),
                )
            )
            if person is not None:
                outbox.send(
                    session,
                    now,
                    person_id=person.id,
                    channel="sms",
                    address=phone,
                    kind="otp",
                    message=outbox.Message(
                        "Coop innlogging",
                        f"Din kode for innlogging i Coop er {code}. Den gjelder i "
                        f"{ttl // 60} minutter. Ikke del koden med noen.",
                    ),
                )
    if locked is not None:
        raise locked
    return ChallengeStarted(challenge_id, now + timedelta(seconds=ttl), mask_phone(phone))


def verify_sms(backend: Backend, challenge_id: str, code: str) -> sessions.NewSession:
    settings = backend.settings
    now = backend.now()
    problem: ApiProblem | None = None
    with backend.db.writing() as session:
        challenge = session.get(OtpChallenge, challenge_id, with_for_update=True)
        if challenge is None or challenge.used_at is not None:
            raise ApiProblem("challenge_unknown", "no open login attempt with this id")
        throttle = _throttle(session, challenge.phone)
        if throttle.locked_until is not None and throttle.locked_until > now:
            problem = _locked_problem(throttle.locked_until, now)
        elif challenge.expires_at <= now:
            problem = ApiProblem(
                "otp_expired", f"the code was valid for {settings.otp_ttl_seconds} seconds"
            )
        elif challenge.person_id is None or not constant_time_equal(
            _code_hash(backend, challenge_id, code.strip()), challenge.code_hash
        ):
            throttle.failures += 1
            if throttle.failures >= settings.otp_max_failures:
                throttle.failures = 0
                throttle.locked_until = now + timedelta(seconds=settings.otp_lock_seconds)
                problem = _locked_problem(throttle.locked_until, now)
            else:
                problem = ApiProblem(
                    "otp_invalid",
                    "the code does not match",
                    attempts_left=settings.otp_max_failures - throttle.failures,
                )
        else:
            challenge.used_at = now
            throttle.failures = 0
            throttle.locked_until = None
            result = sessions.open_session(
                backend,
                session,
                person_id=challenge.person_id,
                device_id=challenge.device_id,
                device_name=challenge.device_name,
                method="sms",
            )
    if problem is not None:
        raise problem  # raised after the commit: the failure count is kept
    return result


def start_bankid(backend: Backend, national_id: str, device_id: str, device_name: str) -> str:
    """Start a (simulated) BankID order; returns the order reference to collect."""
    birth_date_of(national_id)  # validates the number and its check digits
    now = backend.now()
    with backend.db.writing() as session:
        person = _person_with_account(session, national_id=national_id)
        if person is None:
            raise ApiProblem("bankid_no_account", "no digital account for this national id")
        ref = random_ref("b", 20)
        session.add(
            BankIdOrder(
                ref=ref,
                person_id=person.id,
                device_id=device_id,
                device_name=device_name,
                created_at=now,
                expires_at=now + timedelta(seconds=BANKID_ORDER_SECONDS),
            )
        )
    return ref


def collect_bankid(backend: Backend, order_ref: str) -> sessions.NewSession:
    """Collect the order: the simulated member has approved in their BankID app."""
    now = backend.now()
    with backend.db.writing() as session:
        order = session.get(BankIdOrder, order_ref, with_for_update=True)
        if order is None or order.completed_at is not None or order.expires_at <= now:
            raise ApiProblem("bankid_order_unknown", "unknown, used or expired BankID order")
        order.completed_at = now
        return sessions.open_session(
            backend,
            session,
            person_id=order.person_id,
            device_id=order.device_id,
            device_name=order.device_name,
            method="bankid",
        )


def open_legacy_session(backend: Backend, phone_text: str, device_id: str, device_name: str):
    """Dev only: a session as the old single-step login made them (before the campaign)."""
    phone = normalise_phone(phone_text)
    with backend.db.writing() as session:
        person = _person_with_account(session, phone=phone)
        if person is None:
            raise ApiProblem("not_found", "no member with a digital account has this phone")
        return sessions.open_session(
            backend,
            session,
            person_id=person.id,
            device_id=device_id,
            device_name=device_name,
            method="legacy",
        )
