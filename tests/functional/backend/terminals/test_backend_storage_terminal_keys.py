"""A revoked terminal key stops working within a second (issue 14.6; it was up to 5 s)."""

from __future__ import annotations

import pytest
from fastapi.security import HTTPAuthorizationCredentials

from backend_stub.core.problems import ApiProblem
from backend_stub.terminals import deps
from backend_stub.terminals import service as terminals


async def test_a_revoked_key_is_refused_once_its_second_in_the_cache_is_over(backend,
                                                                           monkeypatch):
    now = [1_000.0]
    monkeypatch.setattr(deps, "_monotonic", lambda: now[0])
    with backend.db.writing() as session:
        key, terminal = terminals.add_terminal(backend, session, store_id=1001, register=9)
        key_id = terminal.key_id
    bearer = HTTPAuthorizationCredentials(scheme="Bearer", credentials=key)
    assert (await deps.terminal_identity(backend, bearer)).register == 9

    with backend.db.writing() as session:  # `pos-backend terminals revoke`, another process
        assert terminals.revoke(backend, session, key_id)
    now[0] += 0.99  # still inside the second the key was trusted for
    assert (await deps.terminal_identity(backend, bearer)).register == 9
    now[0] += 0.02  # one second after it was checked
    with pytest.raises(ApiProblem) as refused:
        await deps.terminal_identity(backend, bearer)
    assert refused.value.code == "terminal_unauthorized"
