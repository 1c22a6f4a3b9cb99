"""The terminal API over real HTTP against `pos-backend serve` (subprocess, SQLite file)."""

from __future__ import annotations

import sqlite3
import threading
import uuid

import pytest
from backend_http import client, login_sms, terminal

from backend_stub.seeding.sample_purchases import purchase_body

PROBLEM = "application/problem+json"


def _db(server) -> sqlite3.Connection:
    return sqlite3.connect(server.db_url.removeprefix("sqlite:///"))


def _post_purchase(server, body: dict, key: str | None = None, terminal_key: str | None = None):
    with terminal(server, terminal_key) as http:
        return http.post(
            "/terminal/v1/purchases",
            json=body,
            headers={"Idempotency-Key": key or body["purchase_id"]},
        )


def test_openapi_and_docs_are_served(backend_server):
    with client(backend_server) as http:
        spec = http.get("/openapi.json").json()
        assert http.get("/docs").status_code == 200
    for path in (
        "/terminal/v1/members/lookup",
        "/terminal/v1/purchases",
        "/terminal/v1/purchases/batch",
        "/terminal/v1/coopay/authorisations",
        "/terminal/v1/coopay/refunds",
        "/app/v1/login/sms",
        "/app/v1/coopay/tokens",
    ):
        assert path in spec["paths"], path
    assert {"TerminalKey", "AppSession"} <= set(spec["components"]["securitySchemes"])


def test_terminal_api_needs_a_valid_terminal_key(backend_server):
    body = {"card_number": backend_server.member("kari")["card_number"]}
    member_token = login_sms(backend_server, backend_server.member("lise")["phone"])
    with client(backend_server) as http:
        for headers in (
            {},
            {"Authorization": "Bearer ptk_nope_nope"},
            {"Authorization": f"Bearer {member_token}"},
        ):
            response = http.post("/terminal/v1/members/lookup", json=body, headers=headers)
            assert response.status_code == 401
            assert response.headers["content-type"] == PROBLEM
            assert response.headers["www-authenticate"] == "Bearer"
            assert response.json()["code"] == "terminal_unauthorized"


def test_lookup_over_http(backend_server):
    kari = backend_server.member("kari")
    with terminal(backend_server) as http:
        by_uid = http.post("/terminal/v1/members/lookup", json={"uid": kari["rfid_uid"]})
        by_barcode = http.post("/terminal/v1/members/lookup", json={"barcode": kari["card_number"]})
        blocked = http.post(
            "/terminal/v1/members/lookup",
            json={"card_number": backend_server.member("lise")["card_number"]},
        )
    assert by_uid.status_code == by_barcode.status_code == 200
    assert by_uid.json() == by_barcode.json()
    assert by_uid.json()["member_ref"] == kari["member_ref"]
    assert blocked.status_code == 403 and blocked.headers["content-type"] == PROBLEM
    problem = blocked.json()
    assert problem["type"] == "/problems/card_blocked" and problem["status"] == 403
    assert problem["message_nb"].startswith("Kortet er sperret")


def test_validation_errors_say_what_is_wrong_without_echoing_input(backend_server):
    secret = "01017012345"
    with terminal(backend_server) as http:
        response = http.post(
            "/terminal/v1/members/lookup",
            json={"card_number": "9578010000000010", "national_id": secret},
        )
        both = http.post(
            "/terminal/v1/members/lookup",
            json={"card_number": "9578010000000010", "uid": "0A00C0FFEE"},
        )
    assert response.status_code == 422 and response.json()["code"] == "validation_failed"
    assert response.json()["errors"][0]["loc"] == ["body", "national_id"]
    assert secret not in response.text
    assert both.status_code == 422 and "exactly one" in both.json()["detail"]


def test_problem_catalogue_and_unknown_routes(backend_server):
    with client(backend_server) as http:
        entry = http.get("/problems/token_expired").json()
        missing = http.get("/terminal/v1/nothing-here")
    assert entry["status"] == 402 and "utløpt" in entry["message_nb"]
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_purchase_exactly_once_over_http(backend_server):
    body = purchase_body(
        backend_server.store,
        backend_server.register,
        member={"card_number": backend_server.member("per")["card_number"]},
    )
    first = _post_purchase(backend_server, body)
    again = _post_purchase(backend_server, body)
    assert first.status_code == again.status_code == 201
    assert first.headers["idempotent-replayed"] == "false"
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert first.json()["earned"]["dividend_ore"] > 0  # physical card, no digital account
    changed = _post_purchase(
        backend_server, {**body, "receipt_number": "X"}, key=body["purchase_id"]
    )
    assert changed.status_code == 409 and changed.json()["code"] == "idempotency_key_reused"
    with terminal(backend_server) as http:
        no_key = http.post(
            "/terminal/v1/purchases",
            json=purchase_body(backend_server.store, backend_server.register),
        )
    assert no_key.status_code == 400 and no_key.json()["code"] == "idempotency_key_missing"


def test_concurrent_duplicate_posts_count_once(backend_server):
    body = purchase_body(
        backend_server.store,
        backend_server.register,
        member={"card_number": backend_server.member("per")["card_number"]},
    )
    responses = []
    barrier = threading.Barrier(10)

    def post():
        barrier.wait()
        responses.append(_post_purchase(backend_server, body))

    threads = [threading.Thread(target=post) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert [r.status_code for r in responses] == [201] * 10
    assert sum(r.headers["idempotent-replayed"] == "false" for r in responses) == 1
    with _db(backend_server) as db:
        purchases = db.execute(
            "SELECT id FROM purchases WHERE purchase_id = ?", (body["purchase_id"],)
        ).fetchall()
        ledger = dict(
            db.execute(
                "SELECT kind, sum(amount_ore) FROM ledger_entries"
                " WHERE purchase_pk = ? GROUP BY kind",
                (purchases[0][0],),
            ).fetchall()
        )
    earned = responses[0].json()["earned"]
    assert len(purchases) == 1
    assert ledger == {"bonus": earned["bonus_ore"], "dividend": earned["dividend_ore"]}


def test_batch_drains_an_offline_queue(backend_server):
    bodies = [
        purchase_body(
            backend_server.store,
            backend_server.register,
            member={"uid": backend_server.member("kari")["rfid_uid"]},
        )
        for _ in range(5)
    ]
    items = [{"idempotency_key": b["purchase_id"], "purchase": b} for b in bodies]
    with terminal(backend_server) as http:
        first = http.post("/terminal/v1/purchases/batch", json={"items": items})
        again = http.post("/terminal/v1/purchases/batch", json={"items": items})
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == [201] * 5
    assert [r["replayed"] for r in again.json()["results"]] == [True] * 5
    assert [r["body"] for r in again.json()["results"]] == [
        r["body"] for r in first.json()["results"]
    ]


def test_a_terminal_key_cannot_act_for_another_store(backend_server):
    other_key = backend_server.new_terminal_key(1002, 1)
    body = purchase_body(backend_server.store, backend_server.register)
    response = _post_purchase(backend_server, body, terminal_key=other_key)
    assert response.status_code == 403 and response.json()["code"] == "store_mismatch"
    assert "annen butikk" in response.json()["message_nb"]


@pytest.mark.parametrize("store", [1001])
def test_terminal_health_names_store_and_register(backend_server, store):
    with terminal(backend_server) as http:
        health = http.get("/terminal/v1/health").json()
    assert (health["store"], health["register"]) == (store, backend_server.register)


def test_register_mismatch_is_refused(backend_server):
    body = purchase_body(backend_server.store, backend_server.register + 1)
    body["purchase_id"] = str(uuid.uuid4())
    response = _post_purchase(backend_server, body)
    assert response.status_code == 403 and response.json()["code"] == "store_mismatch"
