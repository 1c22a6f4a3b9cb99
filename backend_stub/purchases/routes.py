"""Purchases over HTTP: the till's ingest (single and batch) and the member's account."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from backend_stub.core.deps import BackendDep, IdempotencyKey, ReadSession
from backend_stub.core.errors import idempotent_answer
from backend_stub.core.idempotency import Outcome
from backend_stub.core.responses import APP_SESSION, BODY, IDEMPOTENT_WRITE, TERMINAL_KEY, problems
from backend_stub.login.deps import AppReader
from backend_stub.purchases import ledger
from backend_stub.purchases import service as purchases
from backend_stub.purchases.schemas import AccountOut, BatchIn, BatchOut, PurchaseIn, PurchaseOut
from backend_stub.terminals.deps import TerminalDep

terminal_router = APIRouter(
    prefix="/terminal/v1", tags=["terminal"], responses=problems(*TERMINAL_KEY)
)
app_router = APIRouter(prefix="/app/v1", tags=["app"])
PURCHASE_REFUSALS = ("store_mismatch", "purchase_id_conflict", "totals_mismatch",
                     "original_purchase_unknown", "return_exceeds_original")
CREATED = 201


@terminal_router.post(
    "/purchases",
    status_code=CREATED,
    response_model=PurchaseOut,
    summary="Record a purchase exactly once (Idempotency-Key required)",
    responses=problems(*BODY, *IDEMPOTENT_WRITE, *PURCHASE_REFUSALS),
)
def ingest(
    body: PurchaseIn, backend: BackendDep, terminal: TerminalDep, key: IdempotencyKey
) -> JSONResponse:
    return idempotent_answer(purchases.ingest(backend, terminal, key, body), CREATED)


def _batch_result(key: str, outcome: Outcome) -> dict:
    return {
        "idempotency_key": key,
        "status": outcome.problem_status or CREATED,
        "replayed": outcome.replayed,
        "body": outcome.body,
    }


@terminal_router.post(
    "/purchases/batch",
    response_model=BatchOut,
    summary="Drain an offline queue: each item exactly once, each with its own answer",
    responses=problems(*BODY, "batch_too_large", "store_mismatch"),
)
def ingest_batch(body: BatchIn, backend: BackendDep, terminal: TerminalDep) -> JSONResponse:
    """The answers are JSON-ready already (stored answers): sent without re-validation."""
    outcomes = purchases.ingest_batch(backend, terminal, body.items)
    results = [
        _batch_result(item.idempotency_key, outcome)
        for item, outcome in zip(body.items, outcomes, strict=True)
    ]
    return JSONResponse({"results": results})


@app_router.get(
    "/account",
    response_model=AccountOut,
    summary="Bonus and kjøpeutbytte: the owner sees the family's, family their own",
    responses=problems(*APP_SESSION),
)
def account(session: ReadSession, auth: AppReader) -> dict:
    owner = auth.member.role == "owner"
    return {
        "balances": ledger.balances(session, auth.membership.id) if owner else None,
        "entries": ledger.entries(
            session, auth.membership.id, member_id=None if owner else auth.member.id
        ),
    }
