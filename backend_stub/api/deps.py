"""Request dependencies: the backend, the calling terminal, the calling app session."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend_stub import logs
from backend_stub.context import Backend
from backend_stub.problems import ApiProblem
from backend_stub.security import sha256_hex
from backend_stub.services import sessions, terminals
from backend_stub.services.sessions import AppAuth
from backend_stub.services.terminals import TerminalIdentity

_terminal_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="TerminalKey",
    description="A till's API key (`pos-backend terminals add`), as `Bearer ptk_…`.",
)
_app_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AppSession",
    description="A session token from the app login (SMS code or BankID).",
)


async def get_backend(request: Request) -> Backend:
    return request.app.state.backend


BackendDep = Annotated[Backend, Depends(get_backend)]


TERMINAL_CACHE_SECONDS = 1.0
"""How long an accepted key is trusted without a query: a revoked key (`pos-backend
terminals revoke`, another process) stops working within this."""
_monotonic = time.monotonic  # the cache's clock (tests move it)


def _authenticate_terminal(backend: Backend, key: str | None) -> TerminalIdentity:
    with backend.db.reading() as session:
        return terminals.authenticate(session, key)


async def terminal_identity(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_terminal_bearer)],
) -> TerminalIdentity:
    """The calling till. Accepted keys are remembered for a few seconds (by hash), so a
    busy till costs no extra query per request; a revoked key stops working within
    TERMINAL_CACHE_SECONDS (1 s)."""
    key = credentials.credentials if credentials else None
    cache = backend.cache.setdefault("terminal_keys", {})
    fingerprint = sha256_hex(key) if key else ""
    hit = cache.get(fingerprint)
    if hit is not None and hit[0] > _monotonic():
        identity = hit[1]
    else:
        identity = await run_in_threadpool(_authenticate_terminal, backend, key)
        cache[fingerprint] = (_monotonic() + TERMINAL_CACHE_SECONDS, identity)
    logs.store.set(identity.store_id)  # every log line of this request names the till
    logs.terminal.set(identity.id)
    return identity


TerminalDep = Annotated[TerminalIdentity, Depends(terminal_identity)]


async def app_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_app_bearer)],
) -> str | None:
    return credentials.credentials if credentials else None


AppTokenDep = Annotated[str | None, Depends(app_token)]


@contextmanager
def app_call(
    backend: Backend, token: str | None, *, write: bool = False
) -> Iterator[tuple[Session, AppAuth]]:
    """A transaction with the caller's live app session resolved (401 problems if not)."""
    opener = backend.db.writing if write else backend.db.reading
    with opener() as session:
        auth = sessions.authenticate(backend, session, token)
        sessions.touch(backend, auth, session if write else None)  # idle time starts again
        yield session, auth


async def require_dev(backend: BackendDep) -> Backend:
    if not backend.settings.dev:
        raise ApiProblem("dev_disabled", "start the backend with --dev or POS_BACKEND_DEV=1")
    return backend


DevDep = Annotated[Backend, Depends(require_dev)]
