"""The calling till, from its bearer key: a dependency of every terminal API route."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import BaseModel, ValidationError
from starlette.datastructures import Headers

from backend_stub.core import logs
from backend_stub.core.context import Backend
from backend_stub.core.deps import BackendDep
from backend_stub.core.lean_route import FastPath, LeanRoute
from backend_stub.core.responses import TERMINAL_KEY, problems
from backend_stub.core.security import sha256_hex
from backend_stub.terminals import service as terminals
from backend_stub.terminals.service import TerminalIdentity

_terminal_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="TerminalKey",
    description="A till's API key (`pos-backend terminals add`), as `Bearer ptk_…`.",
)

TERMINAL_CACHE_SECONDS = 1.0
"""How long an accepted key is trusted without a query: a revoked key (`pos-backend
terminals revoke`, another process) stops working within this."""
_monotonic = time.monotonic  # the cache's clock (tests move it)


def _authenticate_terminal(backend: Backend, key: str | None) -> TerminalIdentity:
    with backend.db.reading() as session:
        return terminals.authenticate(session, key)


def _remember(identity: TerminalIdentity) -> TerminalIdentity:
    logs.store.set(identity.store_id)  # every log line of this request names the till
    logs.terminal.set(identity.id)
    return identity


def _cached(backend: Backend, fingerprint: str) -> TerminalIdentity | None:
    """The till whose key (by hash) was accepted less than TERMINAL_CACHE_SECONDS ago."""
    hit = backend.cache.get("terminal_keys", {}).get(fingerprint)
    return hit[1] if hit is not None and hit[0] > _monotonic() else None


def remembered_terminal(backend: Backend, authorization: str | None) -> TerminalIdentity | None:
    """The till behind an `Authorization: Bearer …` header (read as `HTTPBearer` reads
    it) if its key was accepted a moment ago, else None (then `terminal_identity`
    decides, with a query). For a lean route's common case: no dependency machinery, no
    threadpool hop."""
    scheme, key = get_authorization_scheme_param(authorization)
    if scheme.lower() != "bearer" or not key:
        return None
    identity = _cached(backend, sha256_hex(key))
    return None if identity is None else _remember(identity)


async def terminal_identity(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_terminal_bearer)],
) -> TerminalIdentity:
    """The calling till. Accepted keys are remembered for a second (by hash), so a
    busy till costs no extra query per request; a revoked key stops working within
    TERMINAL_CACHE_SECONDS (1 s)."""
    key = credentials.credentials if credentials else None
    fingerprint = sha256_hex(key) if key else ""
    identity = _cached(backend, fingerprint) or await _checked(backend, key, fingerprint)
    return _remember(identity)


async def _checked(backend: Backend, key: str | None, fingerprint: str) -> TerminalIdentity:
    """Check a key with one query however many of the till's requests ask at once: when
    the cache entry of a busy till expires, its concurrent requests wait for one check
    instead of each queueing a query on the threadpool."""
    checks: dict[str, asyncio.Future] = backend.cache.setdefault("terminal_key_checks", {})
    check = checks.get(fingerprint)
    if check is None:
        check = asyncio.ensure_future(run_in_threadpool(_authenticate_terminal, backend, key))
        checks[fingerprint] = check
        check.add_done_callback(lambda _done: checks.pop(fingerprint, None))
    identity = await asyncio.shield(check)
    expires = _monotonic() + TERMINAL_CACHE_SECONDS
    backend.cache.setdefault("terminal_keys", {})[fingerprint] = (expires, identity)
    return identity


TerminalDep = Annotated[TerminalIdentity, Depends(terminal_identity)]


def terminal_api_router() -> APIRouter:
    """A domain's part of the tills' API: its prefix and tag, the key problem every
    operation documents, and `LeanRoute`, so any of its routes may have a fast path."""
    return APIRouter(
        prefix="/terminal/v1",
        tags=["terminal"],
        responses=problems(*TERMINAL_KEY),
        route_class=LeanRoute,
    )


Run = Callable[[Any, Backend, TerminalIdentity, Headers], Any]


def terminal_json_fast_path(model: type[BaseModel], run: Run) -> FastPath:
    """A fast path (`core.lean_route`) for a terminal route taking one JSON body, for the
    request as tills send it: exactly `application/json`, a key accepted a moment ago,
    a body `model` accepts. Anything else (and `run` answering None, e.g. for a header
    it does not like) is declined, and FastAPI answers as usual. The body is parsed and
    validated in one step (`model_validate_json`); a `run` that is a plain function runs
    on the threadpool, parsing included, as FastAPI runs a plain route."""

    def validated(raw: bytes) -> BaseModel | None:
        try:
            return model.model_validate_json(raw)
        except ValidationError:
            return None

    def parse_and_run(raw: bytes, backend: Backend, terminal: TerminalIdentity, headers):
        body = validated(raw)
        return None if body is None else run(body, backend, terminal, headers)

    on_loop = inspect.iscoroutinefunction(run)

    async def fast(request: Request) -> Response | None:
        if request.headers.get("content-type") != "application/json":
            return None
        backend = request.app.state.backend
        terminal = remembered_terminal(backend, request.headers.get("authorization"))
        if terminal is None:
            return None
        raw = await request.body()
        if not on_loop:
            return await run_in_threadpool(
                parse_and_run, raw, backend, terminal, request.headers
            )
        body = validated(raw)
        return None if body is None else await run(body, backend, terminal, request.headers)

    return fast
