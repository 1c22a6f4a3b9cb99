"""Service logs of several workers: one JSON object a line, each naming the request
(X-Request-ID, echoed), the store, the terminal and the worker, and never a full
member card number."""

from __future__ import annotations

import json

import httpx

from backend_stub.core.logs import mask_digits
from tests.fixtures.waiting import wait_until


def _json_lines(server) -> list[dict]:
    lines = []
    for text in server.log_tail(200_000).splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    return lines


def test_a_refused_lookup_is_logged_with_its_context_and_a_masked_card(backend_factory):
    server = backend_factory(workers=2, log_level="info")
    card = server.member("lise")["card_number"]  # a blocked card: the lookup is refused
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        answer = http.post(
            "/terminal/v1/members/lookup",
            json={"card_number": card},
            headers={**server.terminal_headers, "X-Request-ID": "till-7-req-42"},
        )
        fresh = http.get("/health/live")
    assert answer.status_code == 403 and answer.headers["x-request-id"] == "till-7-req-42"
    assert len(fresh.headers["x-request-id"]) == 16  # made up when the client sent none

    def logged():
        return next(
            (x for x in _json_lines(server) if x.get("request_id") == "till-7-req-42"), None
        )

    line = wait_until(logged, timeout=30, what="the refused lookup's log line")
    assert line["store"] == server.store and isinstance(line["terminal"], int)
    assert line["worker"] != server.process.pid  # a worker process, not the supervisor
    assert "card_blocked" in line["msg"] and card[-4:] in line["msg"]
    assert card not in server.log_tail(200_000)


def test_long_numbers_are_masked_whatever_logs_them():
    assert mask_digits("card 9578010000000028 member 7000000042") == (
        "card ************0028 member ******0042"
    )
    assert mask_digits("receipt 3-000123, 1234567") == "receipt 3-000123, 1234567"
