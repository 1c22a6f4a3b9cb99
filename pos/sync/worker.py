"""The background sync worker: drains the outbox and resolves offline card reads.

It runs in a thread of its own with its own asyncio loop, its own SQLite
connection to the journal file and its own `TerminalClient`, so the till's UI
loop never waits for it and the engine's connection is never shared across
threads. The engine wakes it after each completed sale (`wake()`); otherwise it
looks again every `poll_seconds`.

Semantics (see docs/till.md):
* purchases go in queue order, each with its purchase id as `Idempotency-Key`
  (single `POST /purchases`, or `POST /purchases/batch` in `batch` mode); an
  acknowledgement is committed per batch, so a crash re-sends at most one batch
  and the backend's idempotency makes that harmless: exactly once;
* a transient failure (backend down, timeout, 5xx, 401/403 while the key is
  being fixed) keeps the purchase at the head with exponential backoff (capped
  at `backoff_cap`), and the worker reports offline; while offline it probes
  `GET /health` every poll so the status bar turns online as soon as it can;
* a definitive refusal (another 4xx) sets the purchase aside as rejected so one
  bad purchase cannot block the queue (a batch refused as a whole is re-sent one
  by one, so only the bad purchase is set aside);
* pending card reads are looked up when online: resolved, or unknown.

`wait_answered` lets the till wait, briefly, for the answer to the purchase it has
just queued (what it earned the member, for the receipt): the worker announces the
end of every round, and the waiter looks at the outbox row with its own connection.

`on_status(online, outbox_pending, card_reads_pending)` is called from the
worker's thread whenever one of the three changes.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from pos.domain.clock import Clock, oslo_now
from pos.journal.db import Database
from pos.sync import failures
from pos.sync.card_reads import PendingCardReads
from pos.sync.client import BackendProblem, BackendUnavailable, TerminalClient
from pos.sync.drain import Accepted, Rejected, SendOutcome, drain_async
from pos.sync.outbox import Outbox, OutboxItem
from pos.sync.retry import Jitter

StatusCallback = Callable[[bool | None, int, int], None]
_SHARED_RNG = random.Random()
"""Full jitter for the retry times of every queue of this till (`pos.sync.retry`)."""
UID_SOURCES = ("rfid", "nfc")


def is_definitive(problem: BackendProblem) -> bool:
    """A refusal repeating cannot change (`pos.sync.failures`: auth is retried)."""
    return failures.is_definitive(problem.status)


class SyncWorker:
    def __init__(self, journal_path: str | Path, base_url: str, terminal_key: str, *,
                 on_status: StatusCallback | None = None, mode: str = "single",
                 batch_size: int = 100, poll_seconds: float = 1.0,
                 backoff_base: timedelta = timedelta(milliseconds=500),
                 backoff_cap: timedelta = timedelta(seconds=15),
                 jitter: Jitter | None = _SHARED_RNG.random,
                 heartbeat_seconds: float = 5.0,
                 clock: Clock = oslo_now) -> None:
        if mode not in ("single", "batch"):
            raise ValueError("mode is 'single' or 'batch'")
        self.journal_path = Path(journal_path)
        self.base_url = base_url
        self._key = terminal_key
        self._on_status = on_status
        self.mode = mode
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self._backoff = {"backoff_base": backoff_base, "backoff_cap": backoff_cap,
                         "jitter": jitter}
        self.heartbeat_seconds = heartbeat_seconds
        self._last_contact = float("-inf")
        self._clock = clock
        self._wake = threading.Event()
        self._rounds = threading.Condition()
        """Notified at the end of every round (`wait_answered`)."""
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.online: bool | None = None
        self._last_status: tuple[bool | None, int, int] | None = None
        self.error: BaseException | None = None

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> SyncWorker:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pos-sync", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Something new to send: do not wait for the next poll."""
        self._wake.set()

    def wait_answered(self, purchase_id: str, timeout: float,
                      lookup: Callable[[str], OutboxItem | None]) -> Mapping[str, Any] | None:
        """The backend's answer to `purchase_id` if it comes within `timeout` seconds, else
        None at once when the till is offline, or when the purchase was refused or is
        not in the outbox. `lookup` reads the outbox on the caller's own connection."""
        deadline = time.monotonic() + timeout
        with self._rounds:
            while True:
                item = lookup(purchase_id)
                if item is None or item.state == "rejected":
                    return None
                if item.state == "sent":
                    return item.response or {}
                remaining = deadline - time.monotonic()
                if self.online is False or remaining <= 0 or self._thread is None:
                    return None
                self._rounds.wait(remaining)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # pragma: no cover - kept for the status of a dead worker
            self.error = exc
            raise

    async def _main(self) -> None:
        db = Database.open(self.journal_path)
        outbox = Outbox(db, self._clock, **self._backoff)
        reads = PendingCardReads(db, self._clock, **self._backoff)
        try:
            async with TerminalClient(self.base_url, self._key) as client:
                woken = False
                while not self._stopping.is_set():
                    # cleared before the round, so a wake-up during it starts the next one
                    self._wake.clear()
                    try:
                        await self.run_once(client, outbox, reads)
                    except Exception as exc:  # keep syncing; the status bar shows offline
                        self.error = exc
                        self.online = False
                    # a wake-up means the till queued something and announced a count of
                    # its own since our last report: say where the queue stands now
                    self._report(outbox, reads, force=woken)
                    with self._rounds:
                        self._rounds.notify_all()
                    woken = await asyncio.to_thread(self._wake.wait, self.poll_seconds)
        finally:
            db.close()

    # -- one round --------------------------------------------------------------------------

    async def run_once(self, client: TerminalClient, outbox: Outbox,
                       reads: PendingCardReads) -> None:
        """Probe if offline (or quiet too long), resolve card reads, drain the outbox; sets
        `online`. The heartbeat: a till with nothing to send still asks the backend every
        `heartbeat_seconds`, so the status bar says "offline" soon after it died, not at
        the next sale."""
        quiet = time.monotonic() - self._last_contact >= self.heartbeat_seconds
        if self.online is not True or quiet:
            try:
                await client.health()
            except (BackendUnavailable, BackendProblem):
                self.online = False
                return
            self.online = True
            self._last_contact = time.monotonic()
        try:
            await self._resolve_reads(client, reads)
            if self.mode == "batch":
                await self._drain_batches(client, outbox)
            else:
                report = await drain_async(outbox, lambda item: self._send(client, item),
                                           batch_size=self.batch_size)
                if report.offline:
                    self.online = False
        except BackendUnavailable:
            self.online = False

    async def _send(self, client: TerminalClient, item: OutboxItem) -> SendOutcome:
        try:
            return Accepted(await client.send_purchase(item.purchase_id, item.body))
        except BackendProblem as problem:
            if is_definitive(problem):
                return Rejected(problem.code, dict(problem.problem.extra))
            raise BackendUnavailable(problem.text, str(problem)) from None

    async def _drain_batches(self, client: TerminalClient, outbox: Outbox) -> None:
        while not self._stopping.is_set():
            batch = outbox.next_batch(self.batch_size)
            if not batch:
                return
            try:
                results = await client.send_batch([(i.purchase_id, i.body) for i in batch])
            except BackendUnavailable as exc:
                outbox.mark_failed(batch[0].purchase_id, str(exc))
                raise
            except BackendProblem as problem:
                if not is_definitive(problem):
                    outbox.mark_failed(batch[0].purchase_id, str(problem))
                    raise BackendUnavailable(problem.text, str(problem)) from None
                # the batch as a whole was refused (one purchase the schema rejects):
                # send these one by one, so only the bad one is set aside
                report = await drain_async(outbox, lambda item: self._send(client, item),
                                           batch_size=len(batch), limit=len(batch))
                if report.offline:
                    self.online = False
                    return
                continue
            acks = []
            for item, result in zip(batch, results, strict=False):
                status = int(result.get("status", 500))
                if status < 300:
                    acks.append((item.purchase_id, result.get("body")))
                    continue
                outbox.mark_sent_many(acks)
                acks = []
                body = result.get("body") or {}
                if failures.is_definitive(status):
                    outbox.mark_rejected(item.purchase_id, str(body.get("code", status)), body)
                    continue
                outbox.mark_failed(item.purchase_id, f"HTTP {status} in batch")
                self.online = False
                return
            outbox.mark_sent_many(acks)

    async def _resolve_reads(self, client: TerminalClient, reads: PendingCardReads) -> None:
        for read in reads.due():
            is_uid = read.source in UID_SOURCES
            try:
                summary = await client.lookup_member(
                    card_number=None if is_uid else read.card_number,
                    uid=read.card_number if is_uid else None,
                )
            except BackendProblem as problem:
                if is_definitive(problem):
                    reads.mark_unknown(read.id, problem.code)
                    continue
                reads.mark_failed(read.id, str(problem))
                raise BackendUnavailable(problem.text) from None
            except BackendUnavailable as exc:
                reads.mark_failed(read.id, str(exc))
                raise
            reads.resolve(read.id, str(summary["member_ref"]))

    def _report(self, outbox: Outbox, reads: PendingCardReads, *, force: bool = False) -> None:
        status = (self.online, outbox.pending_count(), reads.pending_count())
        if force or status != self._last_status:
            self._last_status = status
            if self._on_status is not None:
                self._on_status(*status)
