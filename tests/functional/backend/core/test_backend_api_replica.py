"""Member lookups read from a streaming replica (POS_BACKEND_READ_DB_URL); writes stay on
the primary. Proven with a real standby beside the primary: while the replica's
replay is paused, a card blocked on the primary is still found (the lookup read the
replica), purchases are still recorded (the replica is read-only); once replay goes
on, the lookup refuses the card."""

from __future__ import annotations

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from backend_stub.seeding.sample_purchases import purchase_body
from tests.fixtures.waiting import wait_until

pytestmark = pytest.mark.postgres


def _lookup(server, card_number: str) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        return http.post(
            "/terminal/v1/members/lookup",
            json={"card_number": card_number},
            headers=server.terminal_headers,
        )


def _on_replica(replica, sql: str) -> None:
    with psycopg.connect(
        host="127.0.0.1", port=replica.port, user="postgres", dbname="postgres", autocommit=True
    ) as connection:
        connection.execute(sql)


def test_lookups_read_the_replica_and_writes_go_to_the_primary(
    backend_factory, postgres_server, postgres_replica
):
    primary_url = postgres_server.create_database("replicated")
    database = make_url(primary_url).database
    server = backend_factory(
        db_url=primary_url,
        extra_env={"POS_BACKEND_READ_DB_URL": postgres_replica.url(database)},
    )
    kari = server.member("kari")["card_number"]
    wait_until(lambda: _lookup(server, kari).status_code == 200, timeout=60,
               what="the demo set replayed on the replica")  # fmt: skip
    _on_replica(postgres_replica, "SELECT pg_wal_replay_pause()")
    try:
        blocked = server.cli("cards", kari, "blocked", "--reason", "test")
        assert blocked.returncode == 0, blocked.stderr
        stale = _lookup(server, kari)
        assert stale.status_code == 200  # the replica has not replayed the block yet
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            body = purchase_body(server.store, server.register, member={"card_number": kari})
            recorded = http.post(
                "/terminal/v1/purchases",
                json=body,
                headers={**server.terminal_headers, "Idempotency-Key": body["purchase_id"]},
            )
        assert recorded.status_code == 201  # written on the primary, which knows the block
        assert recorded.json()["member"]["reason"] == "card_blocked"
    finally:
        _on_replica(postgres_replica, "SELECT pg_wal_replay_resume()")
    refused = wait_until(
        lambda: (r := _lookup(server, kari)).status_code == 403 and r,
        timeout=60,
        what="the block replayed on the replica",
    )
    assert refused.json()["code"] == "card_blocked"
