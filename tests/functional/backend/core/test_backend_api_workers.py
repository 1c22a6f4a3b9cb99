"""Several worker processes on one database: any worker takes any request, each purchase
is counted once (also when a worker or the whole service is killed with SIGKILL), and
the dev clock moved through one worker is the clock of all."""

from __future__ import annotations

import os
import signal
import threading
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, text

from backend_stub.seeding.sample_purchases import purchase_body
from tests.fixtures.waiting import wait_until

WORKERS = 2


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def workers_server(request, backend_factory):
    db_url = request.getfixturevalue("postgres_url") if request.param == "postgres" else None
    return backend_factory(db_url=db_url, workers=WORKERS)


def _fresh_get(server, path: str) -> httpx.Response:
    """A request on a new connection, so the kernel may hand it to any worker."""
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        return http.get(path)


def _worker_pids(server) -> set[int]:
    seen: set[int] = set()

    def both_answered():
        seen.add(_fresh_get(server, "/health").json()["worker"])
        return len(seen) >= WORKERS

    wait_until(both_answered, timeout=60, what=f"answers from {WORKERS} different workers")
    return seen


def _post(server, body: dict) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, timeout=60) as http:
        return http.post(
            "/terminal/v1/purchases",
            json=body,
            headers={**server.terminal_headers, "Idempotency-Key": body["purchase_id"]},
        )


def _post_until_answered(server, body: dict) -> httpx.Response:
    """What the till's outbox does: the same key again until the backend answers."""

    def answered():
        try:
            response = _post(server, body)
        except httpx.TransportError:
            return None
        return response if response.status_code < 500 else None

    return wait_until(answered, timeout=90, what=f"an answer for {body['purchase_id']}")


def _stored(server, purchase_ids: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """(rows per purchase id, ledger credits per purchase id) as the database has them."""
    engine = create_engine(server.db_url)
    try:
        with engine.connect() as db:
            rows = db.execute(
                text(
                    "SELECT p.purchase_id, count(DISTINCT p.id), count(l.id) FROM purchases p"
                    " LEFT JOIN ledger_entries l ON l.purchase_pk = p.id GROUP BY p.purchase_id"
                )
            ).all()
    finally:
        engine.dispose()
    wanted = set(purchase_ids)
    found = {r[0]: r[1] for r in rows if r[0] in wanted}
    credits = {r[0]: r[2] for r in rows if r[0] in wanted}
    return found, credits


def _member_body(server, who: str = "kari") -> dict:
    return purchase_body(
        server.store, server.register, member={"card_number": server.member(who)["card_number"]}
    )


def test_every_worker_answers_and_concurrent_duplicates_count_once(workers_server):
    server = workers_server
    assert len(_worker_pids(server)) == WORKERS
    body = _member_body(server)
    barrier = threading.Barrier(12)
    responses: list[httpx.Response] = []

    def send():
        barrier.wait()
        responses.append(_post(server, body))

    threads = [threading.Thread(target=send) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [r.status_code for r in responses] == [201] * 12
    assert sum(r.headers["idempotent-replayed"] == "false" for r in responses) == 1
    assert len({r.text for r in responses}) == 1  # every replay is the first answer
    found, credits = _stored(server, [body["purchase_id"]])
    assert found == {body["purchase_id"]: 1}
    assert credits == {body["purchase_id"]: 2}  # one bonus and one dividend entry


def test_killing_a_worker_mid_stream_loses_nothing_and_counts_nothing_twice(workers_server):
    server = workers_server
    victim = min(_worker_pids(server))
    bodies = [_member_body(server, who) for who in ("kari", "ola", "per") for _ in range(10)]
    answers: dict[str, httpx.Response] = {}

    def till(share: list[dict]) -> None:
        for body in share:
            answers[body["purchase_id"]] = _post_until_answered(server, body)

    tills = [threading.Thread(target=till, args=(bodies[n::3],)) for n in range(3)]
    for thread in tills:
        thread.start()
    wait_until(lambda: len(answers) >= 5, timeout=60, what="the first purchases")
    os.kill(victim, signal.SIGKILL)  # uvicorn's supervisor starts a new worker
    for thread in tills:
        thread.join(timeout=180)
    assert {r.status_code for r in answers.values()} == {201}
    ids = [b["purchase_id"] for b in bodies]
    found, credits = _stored(server, ids)
    assert found == dict.fromkeys(ids, 1)
    assert set(credits.values()) == {2}
    server.kill()  # the whole service, every worker with it
    server.start()
    again = _post(server, bodies[0])
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == answers[bodies[0]["purchase_id"]].json()


def test_the_dev_clock_moved_through_one_worker_is_every_workers_clock(workers_server):
    server = workers_server
    pids = _worker_pids(server)
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        moved = http.post("/dev/v1/clock", json={"advance_seconds": 10 * 86400}).json()
    target = datetime.fromisoformat(moved["now"]) - timedelta(seconds=5)
    agreeing: set[int] = set()

    def all_agree():
        answer = _fresh_get(server, "/health").json()
        if datetime.fromisoformat(answer["time"]) >= target:
            agreeing.add(answer["worker"])
        return agreeing >= pids

    wait_until(all_agree, timeout=60, what="every worker showing the moved clock")
