"""The calling till, from its bearer key: a dependency of every terminal API route."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend_stub.core import logs
from backend_stub.core.context import Backend
from backend_stub.core.deps import BackendDep
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
