"""Request dependencies every domain's routes share: the backend, a database session, dev mode.

Why a session dependency: routes stay thin and never open transactions themselves. A
route that reads asks for `ReadSession`, one that writes for `WriteSession`; the
transaction commits when the route returns (before the answer is sent, so a 201 is
never ahead of its commit) and rolls back when it raises. `scope="function"` is what
makes FastAPI close it right after the route rather than after the response.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from backend_stub.core.context import Backend
from backend_stub.core.problems import ApiProblem


async def get_backend(request: Request) -> Backend:
    return request.app.state.backend


BackendDep = Annotated[Backend, Depends(get_backend)]


def _read_session(backend: BackendDep) -> Iterator[Session]:
    with backend.db.reading() as session:
        yield session


def _write_session(backend: BackendDep) -> Iterator[Session]:
    with backend.db.writing() as session:
        yield session


ReadSession = Annotated[Session, Depends(_read_session, scope="function")]
WriteSession = Annotated[Session, Depends(_write_session, scope="function")]


async def require_dev(backend: BackendDep) -> Backend:
    if not backend.settings.dev:
        raise ApiProblem("dev_disabled", "start the backend with --dev or POS_BACKEND_DEV=1")
    return backend


DevDep = Annotated[Backend, Depends(require_dev)]


IdempotencyKey = Annotated[
    str,
    Header(alias="Idempotency-Key", min_length=1, max_length=255, pattern=r"^[!-~]+$",
           description="the client's id for this write (e.g. its UUID): 1–255 visible ASCII "
                       "characters; missing → idempotency_key_missing, malformed → "
                       "idempotency_key_invalid (both 400)"),
]
