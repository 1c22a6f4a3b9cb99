"""The backend survives a crash: kill -9, start again on the same database, nothing lost."""

from __future__ import annotations

import httpx
import pytest
from backend_http import client, terminal

from backend_stub.seeding.sample_purchases import purchase_body


def _post(server, body):
    with terminal(server) as http:
        return http.post(
            "/terminal/v1/purchases", json=body, headers={"Idempotency-Key": body["purchase_id"]}
        )


def test_killed_backend_restarts_with_its_data_and_replays(backend_factory):
    server = backend_factory()
    body = purchase_body(
        server.store, server.register, member={"card_number": server.member("kari")["card_number"]}
    )
    first = _post(server, body)
    assert first.status_code == 201
    server.kill()
    with pytest.raises(httpx.ConnectError), client(server) as http:
        http.get("/health")  # down means connection refused, as a till would see it
    server.start()
    again = _post(server, body)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    with client(server) as http:
        assert http.get("/health").json()["status"] == "ok"


def test_graceful_stop_and_restart_keep_the_same_port(backend_factory):
    server = backend_factory(demo=False)
    url = server.base_url
    server.restart()
    assert server.base_url == url
    with client(server) as http:
        assert http.get("/health/live").json() == {"status": "ok"}


@pytest.mark.postgres
def test_the_same_server_on_postgresql(backend_factory, postgres_url):
    server = backend_factory(db_url=postgres_url)
    with client(server) as http:
        assert http.get("/health").json()["database"] == "postgresql"
    body = purchase_body(
        server.store, server.register, member={"uid": server.member("kari")["nfc_uid"]}
    )
    first, again = _post(server, body), _post(server, body)
    assert first.status_code == 201 and first.json()["member"]["resolved"]
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
