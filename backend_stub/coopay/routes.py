"""Coopay over HTTP: the app asks for a one-time token; the till authorises and refunds."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from backend_stub.coopay import service as coopay
from backend_stub.coopay.schemas import (
    CoopayApproved,
    CoopayAuthoriseIn,
    CoopayRefunded,
    CoopayRefundIn,
    CoopayTokenOut,
)
from backend_stub.core.deps import BackendDep, IdempotencyKey, WriteSession
from backend_stub.core.errors import idempotent_answer
from backend_stub.core.responses import (
    APP_SESSION,
    BODY,
    COOPAY_DECLINES,
    IDEMPOTENT_WRITE,
    problems,
)
from backend_stub.login.deps import AppWriter
from backend_stub.terminals.deps import TerminalDep, terminal_api_router

terminal_router = terminal_api_router()
app_router = APIRouter(prefix="/app/v1", tags=["app"])
CREATED = 201


@terminal_router.post(
    "/coopay/authorisations",
    status_code=CREATED,
    response_model=CoopayApproved,
    summary="Authorise an amount with a scanned Coopay QR (declines are 402 problems)",
    responses=problems(*BODY, *IDEMPOTENT_WRITE, *COOPAY_DECLINES, "coopay_not_enabled",
                       "member_blocked", "store_mismatch", "purchase_id_conflict"),
)
def authorise(
    body: CoopayAuthoriseIn,
    backend: BackendDep,
    terminal: TerminalDep,
    key: IdempotencyKey,
) -> JSONResponse:
    outcome = coopay.authorise(
        backend,
        terminal,
        key,
        store=body.store or terminal.store_id,
        qr_payload=body.qr_payload,
        amount_ore=body.amount_ore,
        purchase_id=str(body.purchase_id),
    )
    return idempotent_answer(outcome, CREATED)


@terminal_router.post(
    "/coopay/refunds",
    status_code=CREATED,
    response_model=CoopayRefunded,
    summary="Refund (part of) an approved Coopay payment",
    responses=problems(*BODY, *IDEMPOTENT_WRITE, "payment_unknown", "refund_exceeds_payment",
                       "store_mismatch"),
)
def refund(
    body: CoopayRefundIn, backend: BackendDep, terminal: TerminalDep, key: IdempotencyKey
) -> JSONResponse:
    outcome = coopay.refund(
        backend,
        terminal,
        key,
        payment_reference=body.payment_reference,
        amount_ore=body.amount_ore,
        purchase_id=str(body.purchase_id) if body.purchase_id else None,
    )
    return idempotent_answer(outcome, CREATED)


@app_router.post(
    "/coopay/tokens",
    status_code=CREATED,
    response_model=CoopayTokenOut,
    summary="A one-time Coopay QR payload (60 s, single use, bound to this session)",
    responses=problems(*APP_SESSION, "coopay_not_enabled", "relogin_required", "member_blocked",
                       "family_not_allowed"),
)
def coopay_token(backend: BackendDep, session: WriteSession, auth: AppWriter) -> dict:
    return coopay.issue_token(backend, session, auth)
