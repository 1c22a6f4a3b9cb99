"""The staged re-login campaign (BRIEF §1): waves, notices, reminders, forced logout.

Every member with a digital account is placed in a wave. When the wave opens, each
is told on every channel they have (app, e-mail, SMS); reminders follow on a
schedule (days before the deadline); at the deadline every old (`legacy`) app
session of the wave's members is revoked on every device. Nothing else changes:
memberships, physical cards and two-step sessions are never touched, and members
without a digital account are not in the campaign at all.

`tick(now)` does the due work with set-based SQL, so it is cheap for 2 000 000
members and safe to run often (a running server ticks every few seconds, the dev
clock ticks on every move, the CLI can tick too). The deadline is also enforced
at the moment a legacy session is used (`legacy_sessions_expired`), so a member is
logged out exactly at the deadline even between ticks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import String, and_, case, cast, exists, func, insert, literal, select, update
from sqlalchemy.orm import Session

from backend_stub.campaign.models import ReloginAssignment, ReloginCampaign, ReloginWave
from backend_stub.login.models import AppSession, DigitalAccount
from backend_stub.members.people import Person
from backend_stub.outbox.models import OutboxMessage
from backend_stub.outbox.service import PUSH_PREFIX


class CampaignError(ValueError):
    """A campaign command that cannot be carried out (explained in the message)."""


@dataclass(frozen=True)
class TickReport:
    notified: int = 0
    reminded: int = 0
    forced_out: int = 0
    sessions_revoked: int = 0


def _when(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d.%m.%Y kl. %H:%M")


def _texts(kind: str, deadline: datetime, tz: ZoneInfo) -> tuple[str, str]:
    when = _when(deadline, tz)
    if kind == "relogin_notice":
        return (
            "Nå er det din tur: ny innlogging i Coop",
            "For å fortsette å bruke fordelene dine som medeier må du logge inn på nytt i "
            f"Coop-appen eller på Min side, med SMS-kode eller BankID, innen {when}. "
            "Medlemskapet ditt berøres ikke.",
        )
    if kind == "relogin_reminder":
        return (
            "Påminnelse: logg inn på nytt i Coop",
            f"Husk å logge inn på nytt i Coop-appen innen {when}. Ellers blir du logget ut på "
            "alle enheter. Medlemskapet og medlemskortet ditt virker som før.",
        )
    return (
        "Du er logget ut av Coop-appen",
        "Fristen for ny innlogging gikk ut, så du er logget ut på alle enheter. Logg inn på "
        "nytt med SMS-kode eller BankID når det passer deg. Medlemskapet ditt er ikke berørt, "
        "og medlemskortet virker som før.",
    )


def active_campaign(session: Session) -> ReloginCampaign | None:
    return session.scalar(
        select(ReloginCampaign)
        .where(ReloginCampaign.status == "active")
        .order_by(ReloginCampaign.id.desc())
        .limit(1)
    )


def plan(
    session: Session,
    now: datetime,
    *,
    waves: int,
    first_opens_at: datetime,
    wave_every: timedelta,
    grace: timedelta,
    name: str = "Ny innlogging",
) -> ReloginCampaign:
    """Create a campaign and spread every digital member over `waves` equal waves."""
    if waves < 1:
        raise CampaignError("a campaign needs at least one wave")
    if grace <= timedelta(0):
        raise CampaignError("the grace period (time from opening to deadline) must be positive")
    if active_campaign(session) is not None:
        raise CampaignError("a campaign is already active; cancel it first")
    campaign = ReloginCampaign(name=name, status="active", created_at=now)
    session.add(campaign)
    session.flush()
    wave_rows = []
    for number in range(1, waves + 1):
        opens_at = first_opens_at + wave_every * (number - 1)
        wave = ReloginWave(
            campaign_id=campaign.id, number=number, opens_at=opens_at, deadline=opens_at + grace
        )
        session.add(wave)
        wave_rows.append(wave)
    session.flush()
    bucket = DigitalAccount.person_id % waves
    wave_id = case(*((bucket == i, w.id) for i, w in enumerate(wave_rows)), else_=wave_rows[0].id)
    session.execute(
        insert(ReloginAssignment).from_select(
            ["campaign_id", "wave_id", "person_id", "reminders_sent", "relogged_at"],
            select(
                literal(campaign.id),
                wave_id,
                DigitalAccount.person_id,
                literal(0),
                DigitalAccount.new_login_at,
            ),
        )
    )
    return campaign


def move_to_wave(session: Session, person_id: int, wave_number: int) -> None:
    """Put one member in a given wave of the active campaign (demo data, support cases)."""
    campaign = active_campaign(session)
    if campaign is None:
        raise CampaignError("no active campaign")
    wave_id = session.scalar(
        select(ReloginWave.id).where(
            ReloginWave.campaign_id == campaign.id, ReloginWave.number == wave_number
        )
    )
    if wave_id is None:
        raise CampaignError(f"the campaign has no wave {wave_number}")
    session.execute(
        update(ReloginAssignment)
        .where(
            ReloginAssignment.campaign_id == campaign.id,
            ReloginAssignment.person_id == person_id,
        )
        .values(wave_id=wave_id)
    )


def cancel(session: Session) -> bool:
    campaign = active_campaign(session)
    if campaign is None:
        return False
    campaign.status = "cancelled"
    return True


def mark_relogged(session: Session, person_id: int, now: datetime) -> None:
    """The member completed the new two-step login: their part of the campaign is done."""
    session.execute(
        update(ReloginAssignment)
        .where(
            ReloginAssignment.person_id == person_id,
            ReloginAssignment.relogged_at.is_(None),
            ReloginAssignment.campaign_id.in_(
                select(ReloginCampaign.id).where(ReloginCampaign.status == "active")
            ),
        )
        .values(relogged_at=now)
    )


def legacy_sessions_expired(session: Session, person_id: int, now: datetime) -> bool:
    """True when the member's wave deadline has passed: their old sessions are dead."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    ReloginAssignment.person_id == person_id,
                    ReloginAssignment.wave_id == ReloginWave.id,
                    ReloginWave.deadline <= now,
                    ReloginCampaign.id == ReloginAssignment.campaign_id,
                    ReloginCampaign.status == "active",
                )
            )
        )
    )


def state_for(session: Session, person_id: int, now: datetime) -> dict | None:
    """What the app shows: is re-login due, by when, done, or forced out."""
    row = session.execute(
        select(ReloginAssignment, ReloginWave)
        .join(ReloginWave, ReloginWave.id == ReloginAssignment.wave_id)
        .join(ReloginCampaign, ReloginCampaign.id == ReloginAssignment.campaign_id)
        .where(ReloginAssignment.person_id == person_id, ReloginCampaign.status == "active")
    ).first()
    if row is None:
        return None
    assignment, wave = row
    return {
        "wave": wave.number,
        "opens_at": wave.opens_at,
        "deadline": wave.deadline,
        "turn_open": wave.opens_at <= now,
        "done": assignment.relogged_at is not None,
        "relogged_at": assignment.relogged_at,
        "due": wave.opens_at <= now and assignment.relogged_at is None,
        "forced_out": assignment.forced_out_at is not None,
    }


def _pending(wave: ReloginWave):
    return and_(
        ReloginAssignment.wave_id == wave.id,
        ReloginAssignment.relogged_at.is_(None),
        ReloginAssignment.forced_out_at.is_(None),
    )


def _has_live_session():
    return (
        exists()
        .where(AppSession.person_id == Person.id, AppSession.revoked_at.is_(None))
        .correlate(Person)
    )


def _send_to_wave(
    session: Session, now: datetime, wave: ReloginWave, condition, kind: str, tz: ZoneInfo
) -> None:
    """One INSERT … SELECT per channel for everyone in `wave` matching `condition`."""
    subject, body = _texts(kind, wave.deadline, tz)
    base = (
        select(Person.id)
        .join(ReloginAssignment, ReloginAssignment.person_id == Person.id)
        .where(condition)
    )
    per_channel = [
        ("push", literal(PUSH_PREFIX) + cast(Person.id, String), _has_live_session()),
        ("email", Person.email, Person.email.is_not(None)),
        ("sms", Person.phone, Person.phone.is_not(None)),
    ]
    for channel, address, present in per_channel:
        query = base.add_columns(
            literal(channel),
            address,
            literal(kind),
            literal(subject),
            literal(body),
            literal(now, OutboxMessage.created_at.type),
        ).where(present)
        session.execute(
            insert(OutboxMessage).from_select(
                ["person_id", "channel", "address", "kind", "subject", "body", "created_at"],
                query,
            )
        )


def _reminders_due(wave: ReloginWave, now: datetime, days_before: list[int]) -> int:
    """How many reminder points of this wave have passed (and are before the deadline)."""
    points = [wave.deadline - timedelta(days=d) for d in days_before]
    return sum(1 for p in points if wave.opens_at < p <= now and p < wave.deadline)


def tick(session: Session, now: datetime, tz: ZoneInfo, reminder_days: list[int]) -> TickReport:
    campaign = active_campaign(session)
    if campaign is None:
        return TickReport()
    # serialise concurrent ticks (PostgreSQL row lock; SQLite writers are serial already)
    session.execute(
        select(ReloginCampaign.id).where(ReloginCampaign.id == campaign.id).with_for_update()
    )
    waves = list(
        session.scalars(
            select(ReloginWave)
            .where(ReloginWave.campaign_id == campaign.id, ReloginWave.opens_at <= now)
            .order_by(ReloginWave.number)
        )
    )
    notified = reminded = forced = revoked = 0
    for wave in waves:
        if wave.closed_at is None and wave.deadline > now:
            due = _reminders_due(wave, now, reminder_days)
            fresh = and_(_pending(wave), ReloginAssignment.notified_at.is_(None))
            _send_to_wave(session, now, wave, fresh, "relogin_notice", tz)
            notified += session.execute(
                update(ReloginAssignment).where(fresh).values(notified_at=now, reminders_sent=due)
            ).rowcount
            late = and_(
                _pending(wave),
                ReloginAssignment.notified_at.is_not(None),
                ReloginAssignment.reminders_sent < due,
            )
            _send_to_wave(session, now, wave, late, "relogin_reminder", tz)
            reminded += session.execute(
                update(ReloginAssignment).where(late).values(reminders_sent=due)
            ).rowcount
        if wave.closed_at is None and wave.deadline <= now:
            in_wave = select(ReloginAssignment.person_id).where(
                ReloginAssignment.wave_id == wave.id
            )
            revoked += session.execute(
                update(AppSession)
                .where(
                    AppSession.person_id.in_(in_wave),
                    AppSession.login_method == "legacy",
                    AppSession.revoked_at.is_(None),
                )
                .values(revoked_at=now, revoked_reason="relogin_deadline")
            ).rowcount
            _send_to_wave(session, now, wave, _pending(wave), "relogin_forced_out", tz)
            forced += session.execute(
                update(ReloginAssignment).where(_pending(wave)).values(forced_out_at=now)
            ).rowcount
            wave.closed_at = now
    return TickReport(notified, reminded, forced, revoked)


def status(session: Session, now: datetime) -> dict | None:
    """Progress per wave: members, notified, reminded, re-logged-in, forced out, pending."""
    campaign = active_campaign(session)
    if campaign is None:
        return None
    counts = {
        row.wave_id: row
        for row in session.execute(
            select(
                ReloginAssignment.wave_id,
                func.count().label("members"),
                func.count(ReloginAssignment.notified_at).label("notified"),
                func.sum(case((ReloginAssignment.reminders_sent > 0, 1), else_=0)).label(
                    "reminded"
                ),
                func.count(ReloginAssignment.relogged_at).label("relogged"),
                func.count(ReloginAssignment.forced_out_at).label("forced_out"),
                func.sum(
                    case(
                        (
                            and_(
                                ReloginAssignment.relogged_at.is_(None),
                                ReloginAssignment.forced_out_at.is_(None),
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ).label("pending"),
            )
            .where(ReloginAssignment.campaign_id == campaign.id)
            .group_by(ReloginAssignment.wave_id)
        )
    }
    waves = []
    all_waves = select(ReloginWave).where(ReloginWave.campaign_id == campaign.id)
    for wave in session.scalars(all_waves.order_by(ReloginWave.number)):
        row = counts.get(wave.id)
        state = "closed" if wave.closed_at else "open" if wave.opens_at <= now else "waiting"
        waves.append(
            {
                "number": wave.number,
                "opens_at": wave.opens_at,
                "deadline": wave.deadline,
                "state": state,
                **{
                    name: int(getattr(row, name) or 0) if row else 0
                    for name in (
                        "members",
                        "notified",
                        "reminded",
                        "relogged",
                        "forced_out",
                        "pending",
                    )
                },
            }
        )
    return {"campaign": campaign.id, "name": campaign.name, "now": now, "waves": waves}
