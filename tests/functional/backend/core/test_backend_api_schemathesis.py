"""Property-based API tests (schemathesis) over the whole OpenAPI document (terminal,
app, privacy and dev APIs), against the real server (uvicorn, SQLite, dev mode).

Whatever a client could send: never a 5xx, never a status code the operation does
not document (every 4xx a route can give is in its `responses`, as problem+json), and
every answer matches its documented schema. Each API is called as its clients call it:
the terminal API with a till's key, the app and privacy APIs with a live app session
(a fresh SMS login per operation, so one operation logging out or leaving the
membership does not starve the others), the dev API as a tester does.
"""

from __future__ import annotations

import pytest
import schemathesis
from backend_http import login_sms
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures.backend_server import start_backend

EXAMPLES = 25  # per operation: the 40 operations stay well under a minute
LEAVING_MEMBER = "nils"  # `membership/leave` erases its caller: a member nobody else uses
APP_MEMBER = "kari"


@pytest.fixture(scope="module")
def api_server(tmp_path_factory):
    server = start_backend(tmp_path_factory.mktemp("schemathesis-backend"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api_schema(api_server):
    return schemathesis.openapi.from_url(api_server.base_url + "/openapi.json")


@pytest.fixture(scope="module")
def app_sessions():
    return {}


schema = schemathesis.pytest.from_fixture("api_schema")


def _headers(case, server, sessions: dict) -> dict[str, str]:
    path = case.operation.path
    if path.startswith("/terminal/"):
        return server.terminal_headers
    if path.startswith("/app/") and not path.startswith("/app/v1/login"):
        label = case.operation.label
        if label not in sessions:
            member = LEAVING_MEMBER if path.endswith("/membership/leave") else APP_MEMBER
            sessions[label] = login_sms(server, server.member(member)["phone"])
        return {"Authorization": f"Bearer {sessions[label]}"}
    return {}


def test_every_api_is_in_the_document(api_schema):
    """The suite below covers what the document lists: make sure that is every API."""
    paths = set(api_schema.raw_schema["paths"])
    for prefix in ("/terminal/v1/", "/app/v1/consents", "/app/v1/login/", "/dev/v1/"):
        assert any(p.startswith(prefix) for p in paths), prefix


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_api_answers_only_what_its_document_says(case, api_server, app_sessions):
    case.call_and_validate(
        base_url=api_server.base_url,
        headers=_headers(case, api_server, app_sessions),
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
