"""Property-based API tests (schemathesis) over the whole OpenAPI document (terminal,
app, privacy and dev APIs): whatever a client could send, the real server (uvicorn,
SQLite, dev mode) never answers with a 5xx, and every answer matches its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.fixtures.backend_server import start_backend


@pytest.fixture(scope="module")
def terminal_server(tmp_path_factory):
    server = start_backend(tmp_path_factory.mktemp("schemathesis-backend"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def terminal_schema(terminal_server):
    return schemathesis.openapi.from_url(terminal_server.base_url + "/openapi.json")


schema = schemathesis.pytest.from_fixture("terminal_schema")


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_terminal_api_never_fails_on_what_its_schema_allows(case, terminal_server):
    case.call_and_validate(
        base_url=terminal_server.base_url,
        headers=terminal_server.terminal_headers,
        checks=[not_a_server_error, response_schema_conformance],
    )
