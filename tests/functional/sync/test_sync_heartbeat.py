"""A till with nothing to send still notices that the backend died (issue 15: the status
bar said "tilkoblet" for more than 30 s after the backend was gone)."""

from __future__ import annotations

import threading

from pos.journal import Journal
from pos.sync.worker import SyncWorker
from tests.fixtures.waiting import wait_until


def test_an_idle_till_reports_the_backend_offline_and_back(backend_factory, tmp_path):
    server = backend_factory()
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path, register_id=str(server.register), store_id=str(server.store))
    seen: list[bool | None] = []
    changed = threading.Event()

    def on_status(online, pending, card_reads) -> None:
        seen.append(online)
        changed.set()

    worker = SyncWorker(path, server.base_url, server.terminal_key, on_status=on_status,
                        poll_seconds=0.1, heartbeat_seconds=0.3)
    worker.start()
    try:
        wait_until(lambda: seen and seen[-1] is True, 30, "online")
        server.kill()  # nothing is queued: only the heartbeat can notice
        wait_until(lambda: seen[-1] is False, 30, "the idle till to say offline")
        server.start()
        wait_until(lambda: seen[-1] is True, 60, "online again")
    finally:
        worker.stop()
        journal.close()
