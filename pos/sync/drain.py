"""Drain the outbox through a `send` callable: in order, and exactly once from the till's side.

`send(item)` is the HTTP client's job (it sends `item.body` with
`Idempotency-Key: item.purchase_id`). It returns `Accepted(response)` when
the backend acknowledged the purchase (also when it says "seen it before"),
`Rejected(reason)` when the backend refuses it for good (a 4xx that retrying
cannot fix), and raises for anything transient (connection refused, timeout,
5xx): then the drain stops at that item, which keeps its place at the head
and waits for its backoff, so nothing behind it overtakes it.

Acknowledgements are committed once per batch: after a crash at most one
batch is sent again, and the backend's idempotency absorbs that.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pos.sync.outbox import Outbox, OutboxItem

DEFAULT_BATCH = 100


@dataclass(frozen=True)
class Accepted:
    response: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    reason: str
    response: Mapping[str, Any] | None = None


SendOutcome = Accepted | Rejected
Send = Callable[[OutboxItem], SendOutcome]
AsyncSend = Callable[[OutboxItem], Awaitable[SendOutcome]]


@dataclass
class DrainReport:
    sent: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    failed: str | None = None
    """The purchase id the drain stopped at (a transient failure), if any."""
    error: str | None = None
    retry_at: datetime | None = None

    @property
    def offline(self) -> bool:
        return self.failed is not None


class _DrainRun:
    """What `drain` and `drain_async` share: fetching in order, recording outcomes."""

    def __init__(self, outbox: Outbox, batch_size: int, limit: int | None) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.outbox = outbox
        self.batch_size = batch_size
        self.remaining = limit
        self.report = DrainReport()
        self._acks: list[tuple[str, Mapping[str, Any] | None]] = []
        self._stopped = False

    def items(self) -> Iterator[OutboxItem]:
        while not self._stopped and self.remaining != 0:
            self.flush()
            size = self.batch_size if self.remaining is None else min(self.batch_size,
                                                                     self.remaining)
            batch = self.outbox.next_batch(size)
            if not batch:
                return
            for item in batch:
                if self._stopped:
                    return
                if self.remaining is not None:
                    self.remaining -= 1
                yield item

    def record(self, item: OutboxItem, outcome: SendOutcome) -> None:
        if isinstance(outcome, Accepted):
            self._acks.append((item.purchase_id, outcome.response))
            self.report.sent.append(item.purchase_id)
        elif isinstance(outcome, Rejected):
            self.flush()
            self.outbox.mark_rejected(item.purchase_id, outcome.reason, outcome.response)
            self.report.rejected.append(item.purchase_id)
        else:
            raise TypeError(f"send() must return Accepted or Rejected, got {outcome!r}")

    def failed(self, item: OutboxItem, exc: Exception) -> None:
        self.flush()
        error = f"{type(exc).__name__}: {exc}"
        self.report.failed = item.purchase_id
        self.report.error = error
        self.report.retry_at = self.outbox.mark_failed(item.purchase_id, error)
        self._stopped = True

    def flush(self) -> None:
        if self._acks:
            self.outbox.mark_sent_many(self._acks)
            self._acks.clear()


def drain(outbox: Outbox, send: Send, *, batch_size: int = DEFAULT_BATCH,
          limit: int | None = None) -> DrainReport:
    """Send pending purchases in order until the queue is empty, a failure, or `limit` items."""
    run = _DrainRun(outbox, batch_size, limit)
    try:
        for item in run.items():
            try:
                outcome = send(item)
            except Exception as exc:
                run.failed(item, exc)
                break
            run.record(item, outcome)
    finally:
        run.flush()
    return run.report


async def drain_async(outbox: Outbox, send: AsyncSend, *, batch_size: int = DEFAULT_BATCH,
                      limit: int | None = None) -> DrainReport:
    """`drain` for an async `send` (httpx.AsyncClient in the Textual app's event loop)."""
    run = _DrainRun(outbox, batch_size, limit)
    try:
        for item in run.items():
            try:
                outcome = await send(item)
            except Exception as exc:
                run.failed(item, exc)
                break
            run.record(item, outcome)
    finally:
        run.flush()
    return run.report
