"""The sync worker never loses a wake-up, and after one it always says where the queue stands.

The till queues a purchase, announces "1 waiting" itself and wakes the worker; if that
happens while the worker is finishing a round, the wake-up must start the next round
at once (not wait for the poll) and that round must report the queue even though the
worker's own last report (online, 0 waiting) looks the same.
"""

from __future__ import annotations

import threading

from backend_stub.seeding.sample_purchases import purchase_body
from pos.journal import Journal
from pos.sync.outbox import Outbox
from pos.sync.worker import SyncWorker


class QueueAfterFirstReport(SyncWorker):
    """Right after its first report, the till queues a purchase and wakes the worker."""

    def __init__(self, *args, queue_purchase, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._queue_purchase = queue_purchase
        self.queued = threading.Event()

    def _report(self, outbox, reads, *, force: bool = False) -> None:
        super()._report(outbox, reads, force=force)
        if not self.queued.is_set():
            self._queue_purchase(outbox)  # on the worker's connection, as its thread needs
            self.queued.set()
            self.wake()  # the worker is still in its round: the wake must not be lost


def test_a_wake_during_a_round_drains_at_once_and_reports_the_empty_queue(backend_server, tmp_path):
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path, register_id=str(backend_server.register),
                           store_id=str(backend_server.store))
    body = purchase_body(backend_server.store, backend_server.register)
    reports: list[tuple[bool | None, int, int]] = []
    reported_after_queueing = threading.Event()

    def on_status(online, pending, card_reads) -> None:
        reports.append((online, pending, card_reads))
        if worker.queued.is_set() and pending == 0:
            reported_after_queueing.set()

    worker = QueueAfterFirstReport(
        path, backend_server.base_url, backend_server.terminal_key, on_status=on_status,
        poll_seconds=60.0,  # only a wake-up can start the next round within this test
        queue_purchase=lambda outbox: outbox.enqueue(body["purchase_id"], body),
    )
    worker.start()
    try:
        assert reported_after_queueing.wait(15), f"no report of the drained queue: {reports}"
        assert Outbox.for_journal(journal).pending_count() == 0
        assert reports[0] == reports[-1] == (True, 0, 0)  # the same status, said again
    finally:
        worker.stop()
        journal.close()
