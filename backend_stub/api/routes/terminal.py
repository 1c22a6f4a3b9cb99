"""Terminal API (till → backend): member lookup, purchases, Coopay. Bearer terminal key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse

from backend_stub.api.deps import BackendDep, TerminalDep
from backend_stub.api.errors import json_or_problem
from backend_stub.api.responses import (
    BODY,
    CARD,
    COOPAY_DECLINES,
    IDEMPOTENT_WRITE,
    TERMINAL_KEY,
    problems,
)
from backend_stub.schemas.common import MemberSummary
from backend_stub.schemas.purchases import BatchIn, BatchOut, PurchaseIn, PurchaseOut
from backend_stub.schemas.terminal import (
    CoopayApproved,
    CoopayAuthoriseIn,
    CoopayRefunded,
    CoopayRefundIn,
    LookupIn,
    TerminalHealth,
)
from backend_stub.services import audit, coopay, idempotency, member_lookup, purchases

router = APIRouter(prefix="/terminal/v1", tags=["terminal"], responses=problems(*TERMINAL_KEY))
IdempotencyKey = Annotated[
    str,
    Header(alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[!-~]+$",
           description="the client's id for this write (e.g. its UUID): 1–255 visible ASCII "
                       "characters; missing → idempotency_key_missing, malformed → "
                       "idempotency_key_invalid (both 400)"),
]
PURCHASE_REFUSALS = ("store_mismatch", "purchase_id_conflict", "totals_mismatch",
                     "original_purchase_unknown", "return_exceeds_original")


def _answer(outcome: idempotency.Outcome) -> JSONResponse:
    replayed = "true" if outcome.replayed else "false"
    return json_or_problem(outcome.status, outcome.body, {"Idempotent-Replayed": replayed})


@router.get("/health", response_model=TerminalHealth, summary="Is this key accepted?")
def health(backend: BackendDep, terminal: TerminalDep) -> dict:
    return {
        "status": "ok",
        "store": terminal.store_id,
        "register": terminal.register,
        "server_time": backend.now(),
    }


@router.post(
    "/members/lookup",
    response_model=MemberSummary,
    responses=problems(*BODY, *CARD),
    summary="Find a member by card number, card UID or scanned member barcode",
)
async def lookup(body: LookupIn, backend: BackendDep, terminal: TerminalDep) -> JSONResponse:
    """On the event loop: one indexed column-only query is cheaper than a threadpool hop.
    The answer is built as a `MemberSummary` already, so it is sent without re-validation."""
    found = member_lookup.lookup(
        backend.db, card_number=body.card_number, uid=body.uid, barcode=body.barcode
    )
    # the till read a member (initials): audited, in batches
    audit.buffered_read(
        backend, audit.terminal_actor(terminal.id), "member_lookup", found["member_ref"]
    )
    return JSONResponse(found)


@router.post(
    "/purchases",
    status_code=201,
    response_model=PurchaseOut,
    responses=problems(*BODY, *IDEMPOTENT_WRITE, *PURCHASE_REFUSALS),
    summary="Record a purchase exactly once (Idempotency-Key required)",
)
def ingest(
    body: PurchaseIn, backend: BackendDep, terminal: TerminalDep, key: IdempotencyKey
) -> JSONResponse:
    return _answer(purchases.ingest(backend, terminal, key, body))


@router.post(
    "/purchases/batch",
    response_model=BatchOut,
    responses=problems(*BODY, "batch_too_large", "store_mismatch"),
    summary="Drain an offline queue: each item exactly once, each with its own answer",
)
def ingest_batch(body: BatchIn, backend: BackendDep, terminal: TerminalDep) -> JSONResponse:
    """The answers are JSON-ready already (stored answers): sent without re-validation."""
    return JSONResponse({"results": purchases.ingest_batch(backend, terminal, body.items)})


@router.post(
    "/coopay/authorisations",
    status_code=201,
    response_model=CoopayApproved,
    responses=problems(*BODY, *IDEMPOTENT_WRITE, *COOPAY_DECLINES, "coopay_not_enabled",
                       "member_blocked", "store_mismatch", "purchase_id_conflict"),
    summary="Authorise an amount with a scanned Coopay QR (declines are 402 problems)",
)
def authorise(
    body: CoopayAuthoriseIn,
    backend: BackendDep,
    terminal: TerminalDep,
    key: IdempotencyKey,
) -> JSONResponse:
    return _answer(
        coopay.authorise(
            backend,
            terminal,
            key,
            store=body.store or terminal.store_id,
            qr_payload=body.qr_payload,
            amount_ore=body.amount_ore,
            purchase_id=str(body.purchase_id),
        )
    )


@router.post(
    "/coopay/refunds",
    status_code=201,
    response_model=CoopayRefunded,
    responses=problems(*BODY, *IDEMPOTENT_WRITE, "payment_unknown", "refund_exceeds_payment",
                       "store_mismatch"),
    summary="Refund (part of) an approved Coopay payment",
)
def refund(
    body: CoopayRefundIn, backend: BackendDep, terminal: TerminalDep, key: IdempotencyKey
) -> JSONResponse:
    return _answer(
        coopay.refund(
            backend,
            terminal,
            key,
            payment_reference=body.payment_reference,
            amount_ore=body.amount_ore,
            purchase_id=str(body.purchase_id) if body.purchase_id else None,
        )
    )
