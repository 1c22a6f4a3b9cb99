"""Purchases over HTTP: the till's ingest (single and batch) and the member's account."""

from __future__ import annotations

import json
import re

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from backend_stub.core.deps import BackendDep, IdempotencyKey, ReadSession
from backend_stub.core.errors import idempotent_answer
from backend_stub.core.idempotency import Outcome
from backend_stub.core.lean_route import fast_path
from backend_stub.core.responses import APP_SESSION, BODY, IDEMPOTENT_WRITE, problems
from backend_stub.login.deps import AppReader
from backend_stub.purchases import ledger
from backend_stub.purchases import service as purchases
from backend_stub.purchases.schemas import AccountOut, BatchIn, BatchOut, PurchaseIn, PurchaseOut
from backend_stub.terminals.deps import TerminalDep, terminal_api_router, terminal_json_fast_path

terminal_router = terminal_api_router()
app_router = APIRouter(prefix="/app/v1", tags=["app"])
PURCHASE_REFUSALS = ("store_mismatch", "purchase_id_conflict", "totals_mismatch",
                     "original_purchase_unknown", "return_exceeds_original")
CREATED = 201


_KEY = re.compile(r"[!-~]{1,255}")  # as `IdempotencyKey` declares it


def _ingest_fast(body: PurchaseIn, backend, terminal, headers) -> JSONResponse | None:
    key = headers.get("idempotency-key")
    if key is None or not _KEY.fullmatch(key):
        return None  # FastAPI's answer: idempotency_key_missing or _invalid
    return ingest(body, backend, terminal, key)


def _batch_fast(body: BatchIn, backend, terminal, _headers) -> Response:
    return ingest_batch(body, backend, terminal)


@terminal_router.post(
    "/purchases",
    status_code=CREATED,
    response_model=PurchaseOut,
    summary="Record a purchase exactly once (Idempotency-Key required)",
    responses=problems(*BODY, *IDEMPOTENT_WRITE, *PURCHASE_REFUSALS),
)
@fast_path(terminal_json_fast_path(PurchaseIn, _ingest_fast))
def ingest(
    body: PurchaseIn, backend: BackendDep, terminal: TerminalDep, key: IdempotencyKey
) -> JSONResponse:
    return idempotent_answer(purchases.ingest(backend, terminal, key, body), CREATED)


def _batch_answer(items: list, outcomes: list[Outcome]) -> Response:
    """The answers are JSON already (as stored): joined into the reply as they are, not
    parsed and written again."""
    results = ",".join(
        f'{{"idempotency_key":{json.dumps(item.idempotency_key)},'
        f'"status":{outcome.problem_status or CREATED},'
        f'"replayed":{"true" if outcome.replayed else "false"},'
        f'"body":{outcome.json_text()}}}'
        for item, outcome in zip(items, outcomes, strict=True)
    )
    return Response(f'{{"results":[{results}]}}', media_type="application/json")


@terminal_router.post(
    "/purchases/batch",
    response_model=BatchOut,
    summary="Drain an offline queue: each item exactly once, each with its own answer",
    responses=problems(*BODY, "batch_too_large", "store_mismatch"),
)
@fast_path(terminal_json_fast_path(BatchIn, _batch_fast))
def ingest_batch(body: BatchIn, backend: BackendDep, terminal: TerminalDep) -> Response:
    """Each item's answer, in the items' order, sent without re-validation."""
    return _batch_answer(body.items, purchases.ingest_batch(backend, terminal, body.items))


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
