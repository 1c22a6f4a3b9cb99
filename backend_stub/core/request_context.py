"""Every request's log context: its id (the client's X-Request-ID, else a new one),
echoed in the answer's X-Request-ID, and cleared store and terminal (set once the
terminal key is accepted, `api.deps`). A pure ASGI middleware: no per-request cost
beyond two context variables and one header."""

from __future__ import annotations

import uuid

from backend_stub.core import logs

MAX_ID_LENGTH = 64


def _client_id(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if 0 < len(text) <= MAX_ID_LENGTH and text.isascii() and text.isprintable():
                return text
    return None


class RequestContext:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _client_id(scope) or uuid.uuid4().hex[:16]
        tokens = (logs.request_id.set(rid), logs.store.set(None), logs.terminal.set(None))
        header = (b"x-request-id", rid.encode("ascii"))

        async def send_with_id(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            for var, token in zip(
                (logs.request_id, logs.store, logs.terminal), tokens, strict=True
            ):
                var.reset(token)
