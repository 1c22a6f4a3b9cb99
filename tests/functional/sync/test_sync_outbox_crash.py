"""SIGKILL the sync worker mid-drain: on restart each purchase reaches the backend once, in order.
"""

from __future__ import annotations

import signal
import sqlite3

from outbox_drainer import open_backend

from pos.journal import Journal
from pos.sync.outbox import Outbox

PURCHASES = 300
BATCH = 25


def test_a_killed_drain_resumes_in_order_and_the_backend_ingests_each_purchase_once(
    tmp_path, spawn
):
    journal_path, backend_path = tmp_path / "till.sqlite", tmp_path / "backend.sqlite"
    with Journal.open(journal_path, register_id="K1", store_id="S1") as journal:
        outbox = Outbox.for_journal(journal)
        ids = [f"purchase-{n:05d}" for n in range(PURCHASES)]
        for purchase_id in ids:
            outbox.enqueue(purchase_id, {"purchase_id": purchase_id, "total": 100})
    open_backend(str(backend_path)).close()

    # a slow network (2 ms per purchase) so the kill lands while the drain is running
    first = spawn("outbox_drainer.py", str(journal_path), str(backend_path), str(BATCH), "2")
    delivered_before_kill = 0
    for _ in first.stdout:
        delivered_before_kill += 1
        if delivered_before_kill == 110:  # in the middle of a batch
            break
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL

    d1 = _deliveries(backend_path)  # what the backend committed before the kill
    assert len(d1) >= delivered_before_kill

    second = spawn("outbox_drainer.py", str(journal_path), str(backend_path), str(BATCH), "0")
    _, errors = second.communicate(timeout=120)
    assert second.returncode == 0, errors

    deliveries = _deliveries(backend_path)
    assert _ingested(backend_path) == ids  # each purchase once, in the order it was queued
    # first run: ids[:k] in order; the restart resumes at the first unacknowledged purchase,
    # which is at most one batch back, and goes on in order
    assert deliveries[: len(d1)] == ids[: len(d1)]
    tail = deliveries[len(d1):]
    resume_at = ids.index(tail[0])
    assert tail == ids[resume_at:]
    assert len(d1) - BATCH <= resume_at <= len(d1)
    with Journal.open(journal_path, register_id="K1", store_id="S1") as journal:
        outbox = Outbox.for_journal(journal)
        assert outbox.pending_count() == 0
        assert all(outbox.get(p).response == {"ok": True} for p in ids)


def _deliveries(path) -> list[str]:
    return _column(path, "SELECT purchase_id FROM deliveries ORDER BY n")


def _ingested(path) -> list[str]:
    return _column(path, "SELECT purchase_id FROM ingested ORDER BY n")


def _column(path, sql: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [value for (value,) in conn.execute(sql)]
    finally:
        conn.close()
