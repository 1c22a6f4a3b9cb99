"""The error answers each operation documents in the OpenAPI document, from the catalogue.

Why: a client generated from `/openapi.json` must know every status an operation
can answer with and that its body is a problem document. Routes name the problem
codes they can give (`problems(...)`); this groups them by the catalogue's status,
so a status and its codes cannot drift from `backend_stub.core.problems.CATALOGUE`, and
each status's description lists its codes. The schemathesis suite test checks that
no operation answers with a status it does not document.
"""

from __future__ import annotations

from typing import Any

from backend_stub.core.problems import CATALOGUE
from backend_stub.core.schemas import Problem

PROBLEM_JSON = "application/problem+json"
_SCHEMA = Problem.model_json_schema()

BODY = ("body_unreadable", "validation_failed")
"""Any operation with parameters or a body: unreadable JSON, or values its schema refuses."""
TERMINAL_KEY = ("terminal_unauthorized",)
APP_SESSION = ("session_missing", "session_invalid", "session_expired", "session_logged_out",
               "session_forced_out")
IDEMPOTENT_WRITE = ("idempotency_key_missing", "idempotency_key_invalid",
                    "idempotency_key_reused")
CARD = ("card_number_invalid", "card_unknown", "card_blocked", "card_lost", "member_blocked",
        "membership_closed")
COOPAY_DECLINES = tuple(sorted(code for code, spec in CATALOGUE.items() if spec.status == 402))


def problems(*codes: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for an operation that can answer with these problem codes."""
    by_status: dict[int, set[str]] = {}
    for code in codes:
        by_status.setdefault(CATALOGUE[code].status, set()).add(code)
    return {
        status: {
            "description": "Problem: " + ", ".join(sorted(found)),
            "content": {PROBLEM_JSON: {"schema": _SCHEMA}},
        }
        for status, found in sorted(by_status.items())
    }
