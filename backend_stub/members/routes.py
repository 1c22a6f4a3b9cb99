"""Members over HTTP: the till's lookup, and the member's own view, card and family."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.background import BackgroundTask

from backend_stub.campaign import service as campaign
from backend_stub.core.deps import BackendDep, ReadSession, WriteSession
from backend_stub.core.lean_route import fast_path
from backend_stub.core.problems import ApiProblem
from backend_stub.core.responses import APP_SESSION, BODY, CARD, problems
from backend_stub.login import sessions
from backend_stub.login.deps import AppReader, AppWriter
from backend_stub.members import family
from backend_stub.members import lookup as member_lookup
from backend_stub.members import service as members
from backend_stub.members.schemas import (
    FamilyIn,
    FamilyMemberOut,
    FamilyPatchIn,
    LookupIn,
    MemberCardOut,
    MemberSummary,
    MeOut,
)
from backend_stub.privacy import audit
from backend_stub.purchases import ledger
from backend_stub.terminals.deps import TerminalDep, terminal_api_router, terminal_json_fast_path
from pos.formats.member_card import mask_number

terminal_router = terminal_api_router()
app_router = APIRouter(prefix="/app/v1", tags=["app"])
FAMILY_CHANGES = ("family_owner_only", "relogin_required", "family_member_unknown",
                  "family_limit_reached", "family_too_young", "family_address_differs",
                  "national_id_invalid", "phone_invalid", "phone_taken", "person_exists")


def _actor(auth: sessions.AppAuth) -> audit.Actor:
    """Who reads or changes personal data through the app: the member's session."""
    return audit.member_actor(auth.session.public_id)


async def _lookup_fast(body: LookupIn, backend, terminal, _headers) -> JSONResponse:
    return await lookup(body, backend, terminal)


@terminal_router.post(
    "/members/lookup",
    response_model=MemberSummary,
    summary="Find a member by card number, card UID or scanned member barcode",
    responses=problems(*BODY, *CARD),
)
@fast_path(terminal_json_fast_path(LookupIn, _lookup_fast))
async def lookup(body: LookupIn, backend: BackendDep, terminal: TerminalDep) -> JSONResponse:
    """On the event loop: one indexed column-only query is cheaper than a threadpool hop.
    The answer is built as a `MemberSummary` already, so it is sent without re-validation.
    The till read a member's initials: that read is audited, in batches written after the
    answer has gone (`audit.queue_read`), never on the event loop."""
    found = member_lookup.lookup(
        backend.db, card_number=body.card_number, uid=body.uid, barcode=body.barcode
    )
    due = audit.queue_read(
        backend, audit.terminal_actor(terminal.id), "member_lookup", found["member_ref"]
    )
    flush = BackgroundTask(audit.read_buffer(backend).flush, backend.db) if due else None
    return JSONResponse(found, background=flush)


@app_router.get(
    "/me",
    response_model=MeOut,
    summary="Who is logged in; is re-login due",
    responses=problems(*APP_SESSION),
)
def me(backend: BackendDep, session: ReadSession, auth: AppReader) -> dict:
    view = members.view_by_id(session, auth.member.id)
    view.card = members.primary_card(session, auth.member.id)
    audit.buffered_read(backend, _actor(auth), "profile", auth.member.ref)
    return {
        "member": view.summary(),
        "given_name": auth.person.given_name,
        "session_id": auth.session.public_id,
        "login_method": auth.session.login_method,
        "new_login_done": auth.account.new_login_at is not None,
        "coopay_enabled": auth.account.coopay_enabled,
        "relogin": campaign.state_for(session, auth.person.id, backend.now()),
        "balances": ledger.balances(session, auth.membership.id)
        if auth.member.role == "owner"
        else None,
    }


@app_router.get(
    "/member-card",
    response_model=MemberCardOut,
    summary="The member's own card number, for the barcode in the app",
    responses=problems(*APP_SESSION, "card_unknown"),
)
def member_card(session: ReadSession, auth: AppReader) -> dict:
    card = members.primary_card(session, auth.member.id)
    if card is None:
        raise ApiProblem("card_unknown", "this member has no card")
    return {
        "card_number": card.number,
        "masked": mask_number(card.number),
        "kind": card.kind,
        "status": card.status,
    }


@app_router.get(
    "/family",
    response_model=list[FamilyMemberOut],
    summary="Family members",
    responses=problems(*APP_SESSION),
)
def family_list(backend: BackendDep, session: ReadSession, auth: AppReader) -> list[dict]:
    listed = family.list_family(session, auth)
    audit.buffered_read(backend, _actor(auth), "family_member", [m["member_ref"] for m in listed])
    return listed


@app_router.post(
    "/family",
    status_code=201,
    response_model=FamilyMemberOut,
    summary="Add a family member (owner, after the new login)",
    responses=problems(*BODY, *APP_SESSION, *FAMILY_CHANGES),
)
def family_add(body: FamilyIn, backend: BackendDep, session: WriteSession, auth: AppWriter) -> dict:
    added = family.add(backend, session, auth, family.NewFamilyMember(**body.model_dump()))
    audit.record(
        session,
        backend.now(),
        _actor(auth),
        "change",
        "family_member",
        subject_ref=added["member_ref"],
        detail="added",
    )
    return added


@app_router.get(
    "/family/{member_ref}",
    response_model=FamilyMemberOut,
    summary="One family member",
    responses=problems(*BODY, *APP_SESSION, "family_owner_only", "family_member_unknown"),
)
def family_get(member_ref: str, backend: BackendDep, session: ReadSession, auth: AppReader) -> dict:
    view = family.get(session, auth, member_ref)
    audit.buffered_read(backend, _actor(auth), "family_member", view.member.ref)
    return family.family_summary(view, members.primary_card(session, view.member.id))


@app_router.patch(
    "/family/{member_ref}",
    response_model=FamilyMemberOut,
    summary="Allow or stop Coopay for a family member",
    responses=problems(*BODY, *APP_SESSION, *FAMILY_CHANGES),
)
def family_patch(
    member_ref: str,
    body: FamilyPatchIn,
    backend: BackendDep,
    session: WriteSession,
    auth: AppWriter,
) -> dict:
    changed = family.set_coopay_allowed(session, auth, member_ref, body.coopay_allowed)
    audit.record(
        session,
        backend.now(),
        _actor(auth),
        "change",
        "family_member",
        subject_ref=changed["member_ref"],
        detail=f"coopay_allowed={body.coopay_allowed}",
    )
    return changed
