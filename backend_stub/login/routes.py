"""App login over HTTP: SMS code or BankID gives a session; logout; the devices logged in."""

from __future__ import annotations

from fastapi import APIRouter, Response

from backend_stub.core.deps import BackendDep, ReadSession, WriteSession
from backend_stub.core.responses import APP_SESSION, BODY, problems
from backend_stub.login import service as login
from backend_stub.login import sessions
from backend_stub.login.deps import AppReader, AppWriter
from backend_stub.login.schemas import (
    BankIdCollectIn,
    BankIdStartIn,
    BankIdStartOut,
    LoginOut,
    LogoutAllOut,
    SessionOut,
    SmsStartIn,
    SmsStartOut,
    SmsVerifyIn,
)

app_router = APIRouter(prefix="/app/v1", tags=["app"])


@app_router.post(
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


@app_router.post(
    "/login/sms/verify",
    response_model=LoginOut,
    summary="Step 2: the code from the SMS gives a session for this device",
    responses=problems(*BODY, "challenge_unknown", "otp_invalid", "otp_expired", "otp_locked",
                       "membership_closed"),
)
def sms_verify(body: SmsVerifyIn, backend: BackendDep) -> dict:
    return login.verify_sms(backend, body.challenge_id, body.code).as_login()


@app_router.post(
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


@app_router.post(
    "/login/bankid/collect",
    response_model=LoginOut,
    summary="Collect the BankID order (the simulated member approves at once)",
    responses=problems(*BODY, "bankid_order_unknown", "membership_closed"),
)
def bankid_collect(body: BankIdCollectIn, backend: BackendDep) -> dict:
    return login.collect_bankid(backend, body.order_ref).as_login()


@app_router.post(
    "/logout",
    status_code=204,
    summary="Log out this device",
    responses=problems(*APP_SESSION),
)
def logout(backend: BackendDep, session: WriteSession, auth: AppWriter) -> Response:
    sessions.logout(backend, session, auth)
    return Response(status_code=204)


@app_router.post(
    "/logout-all",
    response_model=LogoutAllOut,
    summary="Log out every device",
    responses=problems(*APP_SESSION),
)
def logout_all(backend: BackendDep, session: WriteSession, auth: AppWriter) -> dict:
    return {"sessions_ended": sessions.logout_everywhere(backend, session, auth.person.id)}


@app_router.get(
    "/sessions",
    response_model=list[SessionOut],
    summary="Devices logged in",
    responses=problems(*APP_SESSION),
)
def list_sessions(backend: BackendDep, session: ReadSession, auth: AppReader) -> list[dict]:
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
