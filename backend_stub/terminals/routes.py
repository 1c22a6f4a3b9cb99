"""The terminal API's own health: is this till's key accepted, and what time is it."""

from __future__ import annotations

from backend_stub.core.deps import BackendDep
from backend_stub.terminals.deps import TerminalDep, terminal_api_router
from backend_stub.terminals.schemas import TerminalHealth

terminal_router = terminal_api_router()


@terminal_router.get("/health", response_model=TerminalHealth, summary="Is this key accepted?")
def health(backend: BackendDep, terminal: TerminalDep) -> dict:
    return {
        "status": "ok",
        "store": terminal.store_id,
        "register": terminal.register,
        "server_time": backend.now(),
    }
