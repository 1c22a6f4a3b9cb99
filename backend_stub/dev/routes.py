"""Dev API for testers (only with POS_BACKEND_DEV=1 / `serve --dev`): outbox, clock, campaign.

Everything here exists so a test or a demo can drive the real service: read the SMS
code a phone received, move the server's clock through a campaign in seconds, make
an old-style session as the app had before the new login, block a card.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Query

from backend_stub.campaign import service as campaign
from backend_stub.campaign.runner import plan_campaign, run_tick
from backend_stub.campaign.service import CampaignError
from backend_stub.core.deps import DevDep, ReadSession, WriteSession
from backend_stub.core.identity import NORWEGIAN_MOBILE, normalise_phone
from backend_stub.core.problems import ApiProblem
from backend_stub.core.responses import BODY, CARD, problems
from backend_stub.dev.schemas import (
    CardStatusIn,
    ClockIn,
    ClockOut,
    LegacySessionIn,
    OutboxMessageOut,
    PlanIn,
    StatusIn,
)
from backend_stub.login import service as login
from backend_stub.login.models import DigitalAccount
from backend_stub.login.schemas import LoginOut
from backend_stub.members import service as members
from backend_stub.outbox import service as outbox
from pos.formats.member_card import mask_number

dev_router = APIRouter(prefix="/dev/v1", tags=["dev"], responses=problems("dev_disabled"))


@dev_router.get(
    "/outbox",
    response_model=list[OutboxMessageOut],
    summary="Messages a phone (SMS + app pushes) or an e-mail address received (none without)",
    responses=problems(*BODY, "phone_invalid"),
)
def read_outbox(
    backend: DevDep,
    session: ReadSession,
    phone: str | None = Query(default=None, max_length=20, pattern=NORWEGIAN_MOBILE),
    email: str | None = Query(default=None, max_length=254),
    after_id: int = Query(default=0, ge=0, le=2**63 - 1),  # SQLite's INTEGER
    limit: int = Query(default=50, ge=1, le=500),
) -> list:
    return outbox.messages_for(
        session,
        phone=normalise_phone(phone) if phone else None,
        email=email,
        after_id=after_id,
        limit=limit,
    )


def _clock_out(backend, tick=None) -> dict:
    return {
        "now": backend.now(),
        "offset_seconds": backend.clock.offset.total_seconds(),
        "tick": tick,
    }


@dev_router.get("/clock", response_model=ClockOut, summary="The server's (injectable) time")
def get_clock(backend: DevDep) -> dict:
    return _clock_out(backend)


@dev_router.post(
    "/clock",
    response_model=ClockOut,
    summary="Set or advance the server's clock; the campaign catches up at once",
    responses=problems(*BODY, "clock_out_of_range"),
)
def move_clock(body: ClockIn, backend: DevDep) -> dict:
    try:
        if body.set is not None:
            backend.clock.set_now(body.set)
        else:
            backend.clock.advance(timedelta(seconds=body.advance_seconds))
        backend.now()  # a clock past year 9999 fails here, not in the next request
    except (OverflowError, ValueError):
        raise ApiProblem("clock_out_of_range", "") from None
    backend.persist_clock()
    return _clock_out(backend, run_tick(backend).__dict__)


@dev_router.post(
    "/relogin/plan", summary="Plan a re-login campaign over all digital members",
    responses=problems(*BODY, "campaign_refused"),
)
def plan(body: PlanIn, backend: DevDep) -> dict:
    try:
        return plan_campaign(
            backend,
            waves=body.waves,
            first_opens_at=body.first_opens_at or backend.now(),
            wave_every=timedelta(days=body.wave_every_days),
            grace=timedelta(days=body.grace_days),
            name=body.name,
        )
    except CampaignError as error:  # e.g. one is running already: say why, not 500
        raise ApiProblem("campaign_refused", str(error)) from None
    except OverflowError:
        raise ApiProblem(
            "validation_failed", "the campaign would end after the year 9999"
        ) from None


@dev_router.post("/relogin/tick", summary="Do the campaign's due work now")
def tick(backend: DevDep) -> dict:
    return run_tick(backend).__dict__


@dev_router.get(
    "/relogin/status", summary="Progress per wave", responses=problems("not_found"),
)
def status(backend: DevDep, session: ReadSession) -> dict:
    result = campaign.status(session, backend.now())
    if result is None:
        raise ApiProblem("not_found", "no active campaign")
    return result


@dev_router.post(
    "/sessions/legacy",
    response_model=LoginOut,
    summary="An old-style app session, as existed before the new login",
    responses=problems(*BODY, "phone_invalid", "not_found"),
)
def legacy_session(body: LegacySessionIn, backend: DevDep) -> dict:
    opened = login.open_legacy_session(backend, body.phone, body.device_id, body.device_name)
    return opened.as_login()


@dev_router.post(
    "/cards/status", summary="Block, report lost or reactivate a card",
    responses=problems(*BODY, *CARD),
)
def card_status(body: CardStatusIn, backend: DevDep, session: WriteSession) -> dict:
    """The card number travels in the body: URLs end up in access logs, numbers must not."""
    card = members.set_card_status(session, body.card_number, body.status, body.reason)
    return {"masked_card": mask_number(card.number), "status": card.status}


@dev_router.post(
    "/members/{member_ref}/status", summary="Block or reactivate a member",
    responses=problems(*BODY, "not_found"),
)
def member_status(member_ref: str, body: StatusIn, backend: DevDep, session: WriteSession) -> dict:
    member = members.set_member_status(session, member_ref, body.status, body.reason)
    return {"member_ref": member.ref, "status": member.status}


@dev_router.post(
    "/members/{member_ref}/coopay-card",
    summary="Block or reactivate the payment card behind a member's Coopay",
    responses=problems(*BODY, "not_found"),
)
def coopay_card_status(
    member_ref: str, body: StatusIn, backend: DevDep, session: WriteSession
) -> dict:
    view = members.view_by_ref(session, member_ref)
    account = session.get(DigitalAccount, view.person.id) if view else None
    if account is None:
        raise ApiProblem("not_found", "no such member with a digital account")
    account.coopay_card_status = "active" if body.status == "active" else "blocked"
    return {"member_ref": member_ref, "coopay_card_status": account.coopay_card_status}
