"""App API (the member's phone → backend): login, sessions, me, card, family, Coopay."""

from __future__ import annotations

from fastapi import APIRouter, Response

from backend_stub.api.deps import AppTokenDep, BackendDep, app_call
from backend_stub.api.responses import APP_SESSION, BODY, problems
from backend_stub.problems import ApiProblem
from backend_stub.schemas.app import (
    AccountOut,
    BankIdCollectIn,
    BankIdStartIn,
    BankIdStartOut,
    CoopayTokenOut,
    FamilyIn,
    FamilyMemberOut,
    FamilyPatchIn,
    LoginOut,
    LogoutAllOut,
    MemberCardOut,
    MeOut,
    SessionOut,
    SmsStartIn,
    SmsStartOut,
    SmsVerifyIn,
)
from backend_stub.services import (
    audit,
    campaign,
    coopay,
    family,
    ledger,
    login,
    members,
    sessions,
)
from pos.formats.member_card import mask_number

router = APIRouter(prefix="/app/v1", tags=["app"])
FAMILY_CHANGES = ("family_owner_only", "relogin_required", "family_member_unknown",
                  "family_limit_reached", "family_too_young", "family_address_differs",
                  "national_id_invalid", "phone_invalid", "phone_taken", "person_exists")


def _actor(auth: sessions.AppAuth) -> audit.Actor:
    """Who reads or changes personal data through the app: the member's session."""
    return audit.member_actor(auth.session.public_id)


def _login_out(result: sessions.NewSession) -> dict:
    return {
        "session_token": result.token,
        "session_id": result.session_id,
        "login_method": result.login_method,
    }


@router.post(
    "/login/sms",
    status_code=202,
    response_model=SmsStartOut,
    summary="Step 1: send a one-time code by SMS (same answer for unknown numbers)",
    responses=problems(*BODY, "phone_invalid", "otp_locked"),
)
def sms_start(body: SmsStartIn, backend: BackendDep) -> dict:
    started = login.start_sms(backend, body.phone, body.device_id, body.device_name)
    return {
        "challenge_id": started.challenge_id,
        "expires_at": started.expires_at,
        "sent_to": started.sent_to,
    }


@router.post(
    "/login/sms/verify",
    response_model=LoginOut,
    summary="Step 2: the code from the SMS gives a session for this device",
    responses=problems(*BODY, "challenge_unknown", "otp_invalid", "otp_expired", "otp_locked",
                       "membership_closed"),
)
def sms_verify(body: SmsVerifyIn, backend: BackendDep) -> dict:
    return _login_out(login.verify_sms(backend, body.challenge_id, body.code))


@router.post(
    "/login/bankid",
    status_code=202,
    response_model=BankIdStartOut,
    summary="Start a (simulated) BankID login",
    responses=problems(*BODY, "national_id_invalid", "bankid_no_account"),
)
def bankid_start(body: BankIdStartIn, backend: BackendDep) -> dict:
    return {
        "order_ref": login.start_bankid(backend, body.national_id, body.device_id, body.device_name)
    }


@router.post(
    "/login/bankid/collect",
    response_model=LoginOut,
    summary="Collect the BankID order (the simulated member approves at once)",
    responses=problems(*BODY, "bankid_order_unknown", "membership_closed"),
)
def bankid_collect(body: BankIdCollectIn, backend: BackendDep) -> dict:
    return _login_out(login.collect_bankid(backend, body.order_ref))


@router.post(
    "/logout", status_code=204, summary="Log out this device",
    responses=problems(*APP_SESSION),
)
def logout(backend: BackendDep, token: AppTokenDep) -> Response:
    with app_call(backend, token, write=True) as (session, auth):
        sessions.logout(backend, session, auth)
    return Response(status_code=204)


@router.post(
    "/logout-all", response_model=LogoutAllOut, summary="Log out every device",
    responses=problems(*APP_SESSION),
)
def logout_all(backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token, write=True) as (session, auth):
        return {"sessions_ended": sessions.logout_everywhere(backend, session, auth.person.id)}


@router.get(
    "/sessions", response_model=list[SessionOut], summary="Devices logged in",
    responses=problems(*APP_SESSION),
)
def list_sessions(backend: BackendDep, token: AppTokenDep) -> list[dict]:
    with app_call(backend, token) as (session, auth):
        return [
            {
                "session_id": s.public_id,
                "device_id": s.device_id,
                "device_name": s.device_name,
                "login_method": s.login_method,
                "created_at": s.created_at,
                "current": s.id == auth.session.id,
            }
            for s in sessions.live_sessions(backend, session, auth.person.id)
        ]


@router.get(
    "/me", response_model=MeOut, summary="Who is logged in; is re-login due",
    responses=problems(*APP_SESSION),
)
def me(backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token) as (session, auth):
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


@router.get(
    "/member-card",
    response_model=MemberCardOut,
    summary="The member's own card number, for the barcode in the app",
    responses=problems(*APP_SESSION, "card_unknown"),
)
def member_card(backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token) as (session, auth):
        card = members.primary_card(session, auth.member.id)
        if card is None:
            raise ApiProblem("card_unknown", "this member has no card")
        return {
            "card_number": card.number,
            "masked": mask_number(card.number),
            "kind": card.kind,
            "status": card.status,
        }


@router.get(
    "/account",
    response_model=AccountOut,
    summary="Bonus and kjøpeutbytte: the owner sees the family's, family their own",
    responses=problems(*APP_SESSION),
)
def account(backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token) as (session, auth):
        owner = auth.member.role == "owner"
        return {
            "balances": ledger.balances(session, auth.membership.id) if owner else None,
            "entries": ledger.entries(
                session, auth.membership.id, member_id=None if owner else auth.member.id
            ),
        }


@router.get(
    "/family", response_model=list[FamilyMemberOut], summary="Family members",
    responses=problems(*APP_SESSION),
)
def family_list(backend: BackendDep, token: AppTokenDep) -> list[dict]:
    with app_call(backend, token) as (session, auth):
        listed = family.list_family(session, auth)
        audit.buffered_read(
            backend, _actor(auth), "family_member", [m["member_ref"] for m in listed]
        )
        return listed


@router.post(
    "/family",
    status_code=201,
    response_model=FamilyMemberOut,
    summary="Add a family member (owner, after the new login)",
    responses=problems(*BODY, *APP_SESSION, *FAMILY_CHANGES),
)
def family_add(body: FamilyIn, backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token, write=True) as (session, auth):
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


@router.get(
    "/family/{member_ref}", response_model=FamilyMemberOut, summary="One family member",
    responses=problems(*BODY, *APP_SESSION, "family_owner_only", "family_member_unknown"),
)
def family_get(member_ref: str, backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token) as (session, auth):
        view = family.get(session, auth, member_ref)
        audit.buffered_read(backend, _actor(auth), "family_member", view.member.ref)
        return family.family_summary(view, members.primary_card(session, view.member.id))


@router.patch(
    "/family/{member_ref}",
    response_model=FamilyMemberOut,
    summary="Allow or stop Coopay for a family member",
    responses=problems(*BODY, *APP_SESSION, *FAMILY_CHANGES),
)
def family_patch(
    member_ref: str, body: FamilyPatchIn, backend: BackendDep, token: AppTokenDep
) -> dict:
    with app_call(backend, token, write=True) as (session, auth):
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


@router.post(
    "/coopay/tokens",
    status_code=201,
    response_model=CoopayTokenOut,
    summary="A one-time Coopay QR payload (60 s, single use, bound to this session)",
    responses=problems(*APP_SESSION, "coopay_not_enabled", "relogin_required", "member_blocked",
                       "family_not_allowed"),
)
def coopay_token(backend: BackendDep, token: AppTokenDep) -> dict:
    with app_call(backend, token, write=True) as (session, auth):
        return coopay.issue_token(backend, session, auth)
