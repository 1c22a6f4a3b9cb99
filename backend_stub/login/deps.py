"""The calling app session, from its bearer token: a dependency of the app API's routes.

`AppReader` and `AppWriter` resolve the caller's live session inside the request's
read or write transaction (the same `ReadSession`/`WriteSession` the route gets) and
answer 401 problems when there is none; each call restarts the session's idle time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend_stub.core.context import Backend
from backend_stub.core.deps import BackendDep, ReadSession, WriteSession
from backend_stub.login import sessions
from backend_stub.login.sessions import AppAuth

_app_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="AppSession",
    description="A session token from the app login (SMS code or BankID).",
)


async def app_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_app_bearer)],
) -> str | None:
    return credentials.credentials if credentials else None


AppTokenDep = Annotated[str | None, Depends(app_token)]


def _resolve(backend: Backend, session: Session, token: str | None, *, write: bool) -> AppAuth:
    auth = sessions.authenticate(backend, session, token)
    sessions.touch(backend, auth, session if write else None)  # idle time starts again
    return auth


def _reader(backend: BackendDep, session: ReadSession, token: AppTokenDep) -> AppAuth:
    return _resolve(backend, session, token, write=False)


def _writer(backend: BackendDep, session: WriteSession, token: AppTokenDep) -> AppAuth:
    return _resolve(backend, session, token, write=True)


AppReader = Annotated[AppAuth, Depends(_reader)]
AppWriter = Annotated[AppAuth, Depends(_writer)]


@contextmanager
def app_call(
    backend: Backend, token: str | None, *, write: bool = False
) -> Iterator[tuple[Session, AppAuth]]:
    """A transaction with the caller's live app session resolved (401 problems if not).

    For the one route that needs two transactions (leaving the membership: a slow
    search without the writer lock, then the erasure); every other route uses
    `AppReader`/`AppWriter`."""
    opener = backend.db.writing if write else backend.db.reading
    with opener() as session:
        yield session, _resolve(backend, session, token, write=write)
