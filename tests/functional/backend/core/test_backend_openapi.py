"""The OpenAPI document says what each operation answers (issue 14.5): the 4xx answers as
problem+json with the problem schema, derived from the problem codes a route names; the
request schemas carry the rules the service applies; booleans are strict."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend_stub.core.app import create_app
from backend_stub.core.context import Backend
from backend_stub.core.errors import PROBLEM_JSON
from backend_stub.core.openapi import problem_responses
from backend_stub.core.problems import CATALOGUE
from backend_stub.core.settings import BackendSettings
from backend_stub.members.schemas import FamilyPatchIn
from backend_stub.privacy.schemas import ConsentIn
from backend_stub.purchases.schemas import LineIn

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    path = tmp_path_factory.mktemp("openapi") / "backend.sqlite3"
    backend = Backend.open(BackendSettings(db_url=f"sqlite:///{path}", dev=True), migrate=True)
    yield create_app(backend).openapi()
    backend.close()


def _operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_every_documented_4xx_is_a_problem_document(document):
    for path, method, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if status.startswith("4"):
                content = answer.get("content", {})
                assert list(content) == [PROBLEM_JSON], (method, path, status)
                schema = content[PROBLEM_JSON]["schema"]
                assert {"type", "status", "code", "message_nb"} <= set(schema["required"])


def test_each_api_documents_its_callers_refusals(document):
    """A till without a valid key gets 401; so does an app call without a live session;
    a body or parameter the schema refuses is 422 (never FastAPI's undocumented shape)."""
    for path, method, operation in _operations(document):
        statuses = set(operation["responses"])
        if path.startswith("/terminal/") or (
            path.startswith("/app/") and not path.startswith("/app/v1/login")
        ):
            assert "401" in statuses, (method, path)
        if "requestBody" in operation or operation.get("parameters"):
            assert "422" in statuses, (method, path)
            description = operation["responses"]["422"]["description"]
            assert "validation_failed" in description, (method, path)
        if path.startswith("/dev/"):
            assert "404" in statuses, (method, path)  # dev_disabled


def test_statuses_come_from_the_catalogue():
    answers = problem_responses("card_unknown", "card_blocked", "card_lost", "token_used")
    assert set(answers) == {404, 403, 402}
    assert "`card_blocked`, `card_lost`" in answers[403]["description"]
    for code in CATALOGUE:  # every code has a status that documents as a response
        assert next(iter(problem_responses(code))) == CATALOGUE[code].status


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (ConsentIn, {"granted": 0}),
        (ConsentIn, {"granted": "true"}),
        (FamilyPatchIn, {"coopay_allowed": 1}),
    ],
)
def test_booleans_are_strict(model, body):
    with pytest.raises(ValidationError):
        model.model_validate(body)


def test_a_line_flag_must_be_a_boolean():
    line = {"line_no": 1, "name": "Melk", "quantity": 1, "unit_price_ore": 100,
            "amount_ore": 100, "vat_rate": 15}  # fmt: skip
    LineIn.model_validate({**line, "voided": False})
    with pytest.raises(ValidationError):
        LineIn.model_validate({**line, "voided": 0})


def test_validation_rules_are_in_the_request_schemas(document):
    schemas = document["components"]["schemas"]
    assert "pattern" in schemas["SmsStartIn"]["properties"]["phone"]
    assert schemas["BankIdStartIn"]["properties"]["national_id"]["pattern"] == "^[0-9]{11}$"
    assert schemas["ConsentIn"]["properties"]["granted"]["type"] == "boolean"
