"""Request dependencies: the backend, the calling terminal, the calling app session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from backend_stub.context import Backend
from backend_stub.problems import ApiProblem
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


def get_backend(request: Request) -> Backend:
    return request.app.state.backend


BackendDep = Annotated[Backend, Depends(get_backend)]


def terminal_identity(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_terminal_bearer)],
) -> TerminalIdentity:
    with backend.db.reading() as session:
        return terminals.authenticate(session, credentials.credentials if credentials else None)


TerminalDep = Annotated[TerminalIdentity, Depends(terminal_identity)]


def app_token(
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
        yield session, sessions.authenticate(backend, session, token)


def require_dev(backend: BackendDep) -> Backend:
    if not backend.settings.dev:
        raise ApiProblem("dev_disabled", "start the backend with --dev or POS_BACKEND_DEV=1")
    return backend


DevDep = Annotated[Backend, Depends(require_dev)]
