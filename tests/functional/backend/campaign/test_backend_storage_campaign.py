"""The staged re-login campaign over a seeded population, on SQLite and PostgreSQL.

The clock is fixed and moved by the test, so weeks of campaign run in a moment.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend_stub.campaign import service as campaign
from backend_stub.campaign.models import ReloginAssignment
from backend_stub.core.problems import ApiProblem
from backend_stub.login import service as login
from backend_stub.login import sessions
from backend_stub.login.models import AppSession, DigitalAccount
from backend_stub.members import service as members
from backend_stub.members.models import Card, Member
from backend_stub.members.people import Person
from backend_stub.outbox import service as outbox
from backend_stub.outbox.models import OutboxMessage
from backend_stub.seeding.bulk import SeedOptions, seed_members
from backend_stub.seeding.demo import PEOPLE

DEMO = {p.key: p for p in PEOPLE}
WAVES, EVERY, GRACE = 3, timedelta(days=7), timedelta(days=14)


@pytest.fixture
def running(backend):
    """300 more owners, the demo campaign replaced by a fresh 3-wave one opening tomorrow."""
    seed_members(backend, SeedOptions(members=300, random_seed=7, batch=120))
    with backend.db.writing() as session:
        campaign.cancel(session)
        campaign.plan(
            session,
            backend.now(),
            waves=WAVES,
            first_opens_at=backend.now() + timedelta(days=1),
            wave_every=EVERY,
            grace=GRACE,
        )
    return backend


def _tick(backend) -> campaign.TickReport:
    with backend.db.writing() as session:
        return campaign.tick(
            session, backend.now(), backend.tz, backend.settings.relogin_reminder_days_before
        )


def _status(backend) -> dict:
    with backend.db.reading() as session:
        return campaign.status(session, backend.now())


def _wave_of(backend, phone: str) -> int:
    with backend.db.reading() as session:
        return campaign.state_for(
            session, session.scalar(select(Person.id).where(Person.phone == phone)), backend.now()
        )["wave"]


def _login(backend, phone: str, device: str = "new-phone") -> str:
    started = login.start_sms(backend, phone, device, "")
    with backend.db.reading() as session:
        code = re.search(r"\b(\d{6})\b", outbox.messages_for(session, phone=phone)[-1].body)[1]
    return login.verify_sms(backend, started.challenge_id, code).token


def test_every_digital_member_is_in_exactly_one_wave_and_nobody_else(running):
    with running.db.reading() as session:
        digital = session.scalar(select(func.count()).select_from(DigitalAccount))
        assigned = session.scalar(
            select(func.count())
            .select_from(ReloginAssignment)
            .where(ReloginAssignment.campaign_id == campaign.active_campaign(session).id)
        )
        per = session.scalar(select(Person.id).where(Person.phone == DEMO["per"].phone))
        assert campaign.state_for(session, per, running.now()) is None  # no digital account
    waves = _status(running)["waves"]
    assert assigned == digital == sum(w["members"] for w in waves)
    assert all(w["members"] > 50 for w in waves)  # roughly equal waves
    assert [w["state"] for w in waves] == ["waiting"] * 3


def test_a_whole_campaign(running):
    backend = running
    assert _tick(backend) == campaign.TickReport()  # nothing opens before its time
    backend.clock.advance(timedelta(days=1))
    report = _tick(backend)
    wave1 = _status(backend)["waves"][0]
    assert report.notified == wave1["notified"] == wave1["pending"] > 0
    assert _tick(backend).notified == 0  # a second tick sends nothing again

    # a notified member with an old session got the notice on every channel they have
    with backend.db.reading() as session:
        active = campaign.active_campaign(session).id
        person, old_session, wave_id = session.execute(
            select(Person, AppSession, ReloginAssignment.wave_id)
            .join(AppSession, AppSession.person_id == Person.id)
            .join(ReloginAssignment, ReloginAssignment.person_id == Person.id)
            .where(
                ReloginAssignment.campaign_id == active,
                ReloginAssignment.notified_at.is_not(None),
                AppSession.login_method == "legacy",
                AppSession.revoked_at.is_(None),
            )
            .limit(1)
        ).one()
        channels = sorted(
            m.channel
            for m in session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.person_id == person.id, OutboxMessage.kind == "relogin_notice"
                )
            )
        )
        card_number = session.scalar(
            select(Card.number)
            .join(Member, Member.id == Card.member_id)
            .where(Member.person_id == person.id)
        )
        other_phone = session.scalar(
            select(Person.phone)
            .join(ReloginAssignment, ReloginAssignment.person_id == Person.id)
            .where(
                ReloginAssignment.wave_id == wave_id,
                Person.id != person.id,
                ReloginAssignment.relogged_at.is_(None),
            )
            .limit(1)
        )
    assert channels == ["email", "push", "sms"]

    # another member of the same wave logs in again with the new two-step login
    relogger = _login(backend, other_phone)
    assert _status(backend)["waves"][0]["relogged"] == wave1["relogged"] + 1

    # 7 days before wave 1's deadline: its pending members are reminded; wave 2 opens
    backend.clock.advance(GRACE - timedelta(days=7))
    report = _tick(backend)
    waves = _status(backend)["waves"]
    assert report.reminded == waves[0]["pending"] == waves[0]["reminded"]
    assert report.notified == waves[1]["notified"] > 0
    # 2 days before: the second reminder, again only to those still pending
    backend.clock.advance(timedelta(days=5))
    assert _tick(backend).reminded == _status(backend)["waves"][0]["pending"]

    # one second past the deadline the old session is dead, even before the next tick
    backend.clock.advance(timedelta(days=2, seconds=1))
    with backend.db.reading() as session:
        stale = session.scalar(select(AppSession).where(AppSession.id == old_session.id))
        assert sessions.dead_reason(backend, session, stale, backend.now()) == "session_forced_out"
    report = _tick(backend)
    wave1 = _status(backend)["waves"][0]
    assert wave1["state"] == "closed" and wave1["pending"] == 0
    assert report.forced_out == wave1["forced_out"] > 0
    with backend.db.reading() as session:
        assert session.get(AppSession, old_session.id).revoked_reason == "relogin_deadline"
        # the member who logged in again is still logged in
        assert sessions.authenticate(backend, session, relogger).two_step
        # membership and physical card are untouched
        assert members.lookup(session, card_number=card_number)["status"] == "active"
        forced = outbox.messages_for(session, phone=person.phone)[-1]
    assert forced.kind == "relogin_forced_out" and "ikke berørt" in forced.body

    # the forced-out member simply logs in again
    token = _login(backend, person.phone)
    with backend.db.reading() as session:
        assert sessions.authenticate(backend, session, token).two_step
    # waves 2 and 3 are not touched by wave 1's deadline
    assert [w["forced_out"] for w in _status(backend)["waves"][1:]] == [0, 0]


def test_a_clock_jump_sends_one_reminder_not_a_burst(running):
    backend = running
    since = backend.now()  # (the demo set's own campaign history is older)
    backend.clock.advance(timedelta(days=1))
    _tick(backend)
    backend.clock.advance(GRACE - timedelta(days=1))  # past both reminder points at once
    _tick(backend)
    with backend.db.reading() as session:
        per_person = session.execute(
            select(OutboxMessage.person_id, func.count())
            .where(
                OutboxMessage.kind == "relogin_reminder",
                OutboxMessage.channel == "sms",
                OutboxMessage.created_at > since,
            )
            .group_by(OutboxMessage.person_id)
        ).all()
    assert per_person and {count for _, count in per_person} == {1}


def test_forced_out_legacy_session_is_refused_with_the_campaign_reason(running):
    backend = running
    legacy = login.open_legacy_session(backend, DEMO["kari"].phone, "old", "")
    wave = _wave_of(backend, DEMO["kari"].phone)
    backend.clock.advance(timedelta(days=1) + EVERY * (wave - 1) + GRACE)
    with backend.db.reading() as session, pytest.raises(ApiProblem) as caught:
        sessions.authenticate(backend, session, legacy.token)
    assert caught.value.code == "session_forced_out"
    assert "Medlemskapet ditt er ikke berørt" in caught.value.body()["message_nb"]


def test_plan_refuses_a_second_active_campaign(running):
    with running.db.writing() as session, pytest.raises(campaign.CampaignError):
        campaign.plan(
            session,
            running.now(),
            waves=1,
            first_opens_at=running.now(),
            wave_every=EVERY,
            grace=GRACE,
        )
