"""App sessions: one per device, bearer tokens stored hashed, and why a session is dead.

A session is alive until it is logged out (this device, or all devices), replaced
by a new login on the same device, or - for an old `legacy`
session - its owner's re-login deadline has passed. The reason decides what the
member is told (`session_logged_out` vs `session_forced_out`), and Coopay uses the
same rule to decline tokens from a logged-out session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from backend_stub.campaign import service as campaign
from backend_stub.core.context import Backend
from backend_stub.core.problems import ApiProblem
from backend_stub.core.security import random_ref, random_token, sha256_hex
from backend_stub.login.models import AppSession, DigitalAccount
from backend_stub.members.models import Member, Membership
from backend_stub.members.people import Person

FORCED_OUT_REASONS = {"relogin_deadline"}


@dataclass
class AppAuth:
    """Who is calling the app API, resolved from a live session."""

    session: AppSession
    person: Person
    member: Member
    membership: Membership
    account: DigitalAccount

    @property
    def two_step(self) -> bool:
        return self.session.login_method != "legacy"


@dataclass(frozen=True)
class NewSession:
    token: str
    session_id: str
    login_method: str

    def as_login(self) -> dict:
        """What the app is handed (`LoginOut`): the token is its only copy."""
        return {
            "session_token": self.token,
            "session_id": self.session_id,
            "login_method": self.login_method,
        }


def open_session(
    backend: Backend,
    session: Session,
    *,
    person_id: int,
    device_id: str,
    device_name: str,
    method: str,
) -> NewSession:
    """Create a session (replacing this device's previous one); a two-step login also
    completes the member's part of the re-login campaign."""
    now = backend.now()
    session.execute(
        update(AppSession)
        .where(
            AppSession.person_id == person_id,
            AppSession.device_id == device_id,
            AppSession.revoked_at.is_(None),
        )
        .values(revoked_at=now, revoked_reason="replaced")
    )
    token = random_token()
    row = AppSession(
        public_id=random_ref("s"),
        token_hash=sha256_hex(token),
        person_id=person_id,
        device_id=device_id,
        device_name=device_name,
        login_method=method,
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    if method != "legacy":
        account = session.get(DigitalAccount, person_id)
        if account is not None and account.new_login_at is None:
            account.new_login_at = now
        campaign.mark_relogged(session, person_id, now)
    session.flush()
    return NewSession(token=token, session_id=row.public_id, login_method=method)


def dead_reason(backend: Backend, session: Session, row: AppSession, now: datetime) -> str | None:
    """None for a live session, else the problem code that explains why it is dead."""
    if row.revoked_at is not None:
        return (
            "session_forced_out"
            if row.revoked_reason in FORCED_OUT_REASONS
            else ("session_logged_out")
        )
    if row.login_method == "legacy" and campaign.legacy_sessions_expired(
        session, row.person_id, now
    ):
        return "session_forced_out"
    settings = backend.settings
    if (now - row.last_seen_at > timedelta(days=settings.app_session_idle_days)
            or now - row.created_at > timedelta(days=settings.app_session_max_days)):
        return "session_expired"
    return None


SEEN_EVERY = timedelta(hours=1)
"""`last_seen_at` is written at most this often: an app's every call costs no write."""


def touch(backend: Backend, auth: AppAuth, writing: Session | None = None) -> None:
    """Note that the session was used now (it then lives `app_session_idle_days` more):
    in `writing` when the call writes anyway, else in a short write of its own."""
    now = backend.now()
    if now - auth.session.last_seen_at < SEEN_EVERY:
        return
    seen = update(AppSession).where(AppSession.id == auth.session.id).values(last_seen_at=now)
    if writing is not None:
        writing.execute(seen)
        return
    with backend.db.writing() as session:
        session.execute(seen)


def authenticate(backend: Backend, session: Session, token: str | None) -> AppAuth:
    if not token:
        raise ApiProblem("session_missing", "send the session token as a bearer token")
    row = session.execute(
        select(AppSession, Person, Member, Membership, DigitalAccount)
        .join(Person, Person.id == AppSession.person_id)
        .join(Member, Member.person_id == Person.id)
        .join(Membership, Membership.id == Member.membership_id)
        .join(DigitalAccount, DigitalAccount.person_id == Person.id)
        .where(AppSession.token_hash == sha256_hex(token))
    ).first()
    if row is None:
        raise ApiProblem("session_invalid", "no such session")
    reason = dead_reason(backend, session, row[0], backend.now())
    if reason is not None:
        raise ApiProblem(reason, f"the session is no longer valid ({reason})")
    return AppAuth(*row)


def logout(backend: Backend, session: Session, auth: AppAuth) -> None:
    auth.session.revoked_at = backend.now()
    auth.session.revoked_reason = "logout"


def logout_everywhere(backend: Backend, session: Session, person_id: int) -> int:
    """Log out every device of this person; returns how many sessions ended."""
    return session.execute(
        update(AppSession)
        .where(AppSession.person_id == person_id, AppSession.revoked_at.is_(None))
        .values(revoked_at=backend.now(), revoked_reason="logout_all")
    ).rowcount


def live_sessions(backend: Backend, session: Session, person_id: int) -> list[AppSession]:
    now = backend.now()
    rows = session.scalars(
        select(AppSession)
        .where(AppSession.person_id == person_id, AppSession.revoked_at.is_(None))
        .order_by(AppSession.created_at)
    )
    return [r for r in rows if dead_reason(backend, session, r, now) is None]
