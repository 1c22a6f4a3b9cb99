"""Bodies of the terminals' own API: is this till's key accepted."""

from __future__ import annotations

from pydantic import BaseModel

from backend_stub.core.schemas import AwareDatetime


class TerminalHealth(BaseModel):
    status: str
    store: int
    register: int
    server_time: AwareDatetime
