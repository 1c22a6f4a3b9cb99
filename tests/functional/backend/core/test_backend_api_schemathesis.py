"""Property-based API tests (schemathesis) over the whole OpenAPI document (terminal,
app, privacy and dev APIs) against the real server (uvicorn, SQLite, dev mode).

Whatever a client could send: the server never answers with a 5xx, never with a
status the operation does not document, and every answer matches its documented
schema (problem documents included). It runs twice: as a till (terminal key), so
the terminal and dev APIs are reached, and as a member's phone (an app session
from the SMS login), so the app and privacy APIs are reached past their 401.
"""

from __future__ import annotations

import pytest
import schemathesis
from backend_http import login_sms
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures.backend_server import start_backend

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def api_server(tmp_path_factory):
    server = start_backend(tmp_path_factory.mktemp("schemathesis-backend"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api_schema(api_server):
    loaded = schemathesis.openapi.from_url(api_server.base_url + "/openapi.json")
    # what the schema allows and what it does not (malformed bodies, wrong types, bad values):
    # both must get a documented answer
    loaded.config.generation.update(modes=list(GenerationMode))
    return loaded


@pytest.fixture(scope="module")
def phone_headers(api_server):
    """A session of a member with a digital account (the one the logout operations may end;
    the app operations after that answer 401, which they document)."""
    token = login_sms(api_server, api_server.member("ola")["phone"])
    return {"Authorization": f"Bearer {token}"}


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.include(tag_regex="terminal|dev|health").parametrize()
@EXAMPLES
def test_as_a_till_every_answer_is_documented_and_no_5xx(case, api_server):
    case.call_and_validate(base_url=api_server.base_url, headers=api_server.terminal_headers,
                           checks=CHECKS)


@schema.include(tag_regex="app|privacy").parametrize()
@EXAMPLES
def test_as_a_phone_every_answer_is_documented_and_no_5xx(case, api_server, phone_headers):
    case.call_and_validate(base_url=api_server.base_url, headers=phone_headers, checks=CHECKS)
