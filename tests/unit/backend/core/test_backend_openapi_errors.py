"""The OpenAPI document says what each operation answers when it refuses.

Built from the real app (`create_app` on a SQLite file): every operation documents
at least one 4xx as `application/problem+json` with the problem schema, each
documented status lists the catalogue codes behind it, and the request schemas carry
the rules a schema can state (strict booleans, the phone pattern, the one-of shapes).
"""

from __future__ import annotations

import pytest

from backend_stub.core.app import create_app
from backend_stub.core.context import Backend
from backend_stub.core.problems import CATALOGUE
from backend_stub.core.settings import BackendSettings

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    path = tmp_path_factory.mktemp("openapi") / "api.sqlite3"
    backend = Backend.open(BackendSettings(db_url=f"sqlite:///{path}", dev=True), migrate=True)
    try:
        yield create_app(backend).openapi()
    finally:
        backend.close()


def _operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def test_every_operation_documents_its_refusals_as_problem_documents(document):
    for name, operation in _operations(document):
        refusals = {s: r for s, r in operation["responses"].items() if s.startswith("4")}
        if name in ("GET /health/live", "GET /health", "GET /dev/v1/clock",
                    "POST /dev/v1/relogin/tick"):
            continue  # no input, no refusal (the dev API's 404 when off aside)
        assert refusals, f"{name} documents no 4xx"
        for status, response in refusals.items():
            schema = response["content"]["application/problem+json"]["schema"]
            assert {"code", "status", "message_nb", "message_en"} <= set(schema["properties"])
            codes = response["description"].removeprefix("Problem: ").split(", ")
            assert all(CATALOGUE[code].status == int(status) for code in codes), name


def test_a_till_and_a_phone_find_their_auth_refusals_documented(document):
    lookup = document["paths"]["/terminal/v1/members/lookup"]["post"]["responses"]
    assert "terminal_unauthorized" in lookup["401"]["description"]
    assert "card_blocked" in lookup["403"]["description"]
    me = document["paths"]["/app/v1/me"]["get"]["responses"]
    assert "session_forced_out" in me["401"]["description"]


def test_request_schemas_state_their_rules(document):
    schemas = document["components"]["schemas"]
    assert schemas["ConsentIn"]["properties"]["granted"]["type"] == "boolean"
    assert "pattern" in schemas["SmsStartIn"]["properties"]["phone"]
    assert len(schemas["LookupIn"]["oneOf"]) == 3
    assert schemas["PurchaseIn"]["if"]["properties"]["kind"] == {"const": "return"}
    header = next(p for p in document["paths"]["/terminal/v1/purchases"]["post"]["parameters"]
                  if p["name"] == "Idempotency-Key")
    assert header["required"] is True and header["schema"]["maxLength"] == 255
