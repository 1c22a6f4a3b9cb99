"""The tills' hot routes have a fast path beside FastAPI's handler (`core.lean_route`):
a request as tills send it takes the fast path, anything else is answered by FastAPI.
Both must answer alike, and what one path stored the other must replay."""

from __future__ import annotations

import json
import uuid

from backend_http import terminal

from backend_stub.seeding.sample_purchases import purchase_body

FAST = {"Content-Type": "application/json"}  # exactly what the fast path takes
FULL = {"Content-Type": "application/json; charset=utf-8"}  # declined: FastAPI answers
PATHS = {"fast": FAST, "full": FULL}


def _post(http, path: str, body: dict, headers: dict):
    return http.post(path, content=json.dumps(body).encode(), headers=headers)


def test_a_lookup_answers_alike_on_both_paths(backend_server):
    kari = backend_server.member("kari")
    lise = backend_server.member("lise")  # her card is blocked
    with terminal(backend_server) as http:
        http.get("/terminal/v1/health")  # the key is now remembered: the fast path may answer
        for body in (
            {"card_number": kari["card_number"]},
            {"uid": kari["rfid_uid"]},
            {"card_number": lise["card_number"]},
            {"card_number": "1234"},
        ):
            fast = _post(http, "/terminal/v1/members/lookup", body, FAST)
            full = _post(http, "/terminal/v1/members/lookup", body, FULL)
            assert (fast.status_code, fast.json()) == (full.status_code, full.json()), body
            assert fast.headers["content-type"] == full.headers["content-type"]
    assert fast.status_code == 422 and fast.json()["code"] == "card_number_invalid"


def test_what_the_fast_path_refuses_fastapi_answers_with_its_own_problem(backend_server):
    kari = backend_server.member("kari")
    with terminal(backend_server) as http:
        http.get("/terminal/v1/health")
        not_json = http.post("/terminal/v1/members/lookup", content=b"{card", headers=FAST)
        both = _post(
            http,
            "/terminal/v1/members/lookup",
            {"card_number": kari["card_number"], "uid": kari["rfid_uid"]},
            FAST,
        )
        body = purchase_body(backend_server.store, backend_server.register)
        no_key = _post(http, "/terminal/v1/purchases", body, FAST)
        bad_key = _post(http, "/terminal/v1/purchases", body, {**FAST, "Idempotency-Key": "a b"})
    assert not_json.status_code == 422 and not_json.json()["code"] == "validation_failed"
    assert both.status_code == 422 and both.json()["code"] == "validation_failed"
    assert no_key.status_code == 400 and no_key.json()["code"] == "idempotency_key_missing"
    assert bad_key.status_code == 400 and bad_key.json()["code"] == "idempotency_key_invalid"


def test_a_purchase_stored_by_one_path_is_replayed_by_the_other(backend_server):
    kari = backend_server.member("kari")
    with terminal(backend_server) as http:
        http.get("/terminal/v1/health")
        for first, then in (("fast", "full"), ("full", "fast")):
            body = purchase_body(
                backend_server.store,
                backend_server.register,
                member={"card_number": kari["card_number"]},
            )
            key = {"Idempotency-Key": body["purchase_id"]}
            stored = _post(http, "/terminal/v1/purchases", body, {**PATHS[first], **key})
            again = _post(http, "/terminal/v1/purchases", body, {**PATHS[then], **key})
            other = _post(
                http,
                "/terminal/v1/purchases",
                {**body, "receipt_number": "other"},
                {**PATHS[then], **key},
            )
            assert stored.status_code == again.status_code == 201, (first, stored.text)
            assert stored.headers["idempotent-replayed"] == "false"
            assert again.headers["idempotent-replayed"] == "true"
            assert again.json() == stored.json()
            assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"


def test_a_batch_answers_alike_on_both_paths(backend_server):
    def items(count: int) -> list[dict]:
        bodies = [
            purchase_body(backend_server.store, backend_server.register) for _ in range(count)
        ]
        return [{"idempotency_key": str(uuid.uuid4()), "purchase": b} for b in bodies]

    with terminal(backend_server) as http:
        http.get("/terminal/v1/health")
        batch = {"items": items(3)}
        fast = _post(http, "/terminal/v1/purchases/batch", batch, FAST)
        replayed = _post(http, "/terminal/v1/purchases/batch", batch, FULL)
        fresh = _post(http, "/terminal/v1/purchases/batch", {"items": items(2)}, FULL)
    assert fast.status_code == replayed.status_code == fresh.status_code == 200
    first, again = fast.json()["results"], replayed.json()["results"]
    assert [r["status"] for r in first] == [201, 201, 201]
    assert [r["replayed"] for r in first] == [False] * 3
    assert [r["replayed"] for r in again] == [True] * 3
    assert [r["body"] for r in again] == [r["body"] for r in first]
    assert {tuple(r) for r in first} == {tuple(r) for r in fresh.json()["results"]}
