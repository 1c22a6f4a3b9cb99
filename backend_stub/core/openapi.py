"""What the OpenAPI document says about errors: the problem+json answers of each route.

Why derived from problem codes: a route names the typed problems it (or the services
and dependencies it uses) can raise, and the statuses, descriptions and the schema
follow from the catalogue (`core.problems`). A code added to a route can thus never be
documented under a wrong status, and the schemathesis suite test fails on any status a
route answers with that its document does not name.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict

from backend_stub.core.errors import PROBLEM_JSON
from backend_stub.core.problems import CATALOGUE

VALIDATION = ("validation_failed",)
"""Every route with a body, a path or a query parameter can refuse it (422)."""


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable `code` and a message for people in both
    languages; extension members (e.g. `attempts_left`, `decline_reason`) may follow."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str
    message_nb: str
    message_en: str


_SCHEMA = Problem.model_json_schema()


def problem_responses(*codes: str) -> dict[int | str, dict]:
    """The `responses=` of a route that can answer with these problem codes: one entry
    per status, the schema of a problem document, the codes named in the description."""
    by_status: dict[int, set[str]] = defaultdict(set)
    for code in codes:
        by_status[CATALOGUE[code].status].add(code)
    return {
        status: {
            "description": "Problem: " + ", ".join(f"`{c}`" for c in sorted(found)),
            "content": {PROBLEM_JSON: {"schema": _SCHEMA}},
        }
        for status, found in sorted(by_status.items())
    }
