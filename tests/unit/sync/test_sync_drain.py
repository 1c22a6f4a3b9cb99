"""Draining the outbox through `send`: in order, exactly once per acknowledgement, stops offline."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.clock import SteppingClock
from pos.journal import Journal
from pos.sync.drain import Accepted, Rejected, drain, drain_async
from pos.sync.outbox import Outbox, OutboxItem
from tests.fixtures.journal_files import START, open_fresh_journal, scratch_dir


class FlakyBackend:
    """Acknowledges purchases, remembers each once (idempotency), fails on chosen calls."""

    def __init__(self, fail_on: set[int] = frozenset(), reject: set[str] = frozenset()) -> None:
        self.calls = 0
        self.fail_on = fail_on
        self.reject = reject
        self.ingested: list[str] = []

    def send(self, item: OutboxItem) -> Accepted | Rejected:
        self.calls += 1
        if self.calls in self.fail_on:
            raise ConnectionError("backend unreachable")
        if item.purchase_id in self.reject:
            return Rejected("422 unknown store", {"detail": "unknown store"})
        if item.purchase_id not in self.ingested:
            self.ingested.append(item.purchase_id)
        return Accepted({"ingested": item.purchase_id})


@pytest.fixture
def clock() -> SteppingClock:
    """Frozen unless a test advances it, so backoff waits are exact."""
    return SteppingClock(START, step=timedelta(0))


@pytest.fixture
def outbox(journal: Journal) -> Outbox:
    return Outbox.for_journal(journal)


def _queue(outbox: Outbox, count: int) -> list[str]:
    ids = [f"p-{n:04d}" for n in range(count)]
    for purchase_id in ids:
        outbox.enqueue(purchase_id, {"id": purchase_id})
    return ids


def test_an_online_backend_gets_everything_in_order(outbox):
    ids = _queue(outbox, 25)
    backend = FlakyBackend()
    report = drain(outbox, backend.send, batch_size=7)
    assert report.sent == ids and backend.ingested == ids
    assert not report.offline and outbox.pending_count() == 0
    assert outbox.get(ids[3]).response == {"ingested": ids[3]}


def test_an_outage_stops_the_drain_at_the_failed_item_which_keeps_its_place(outbox, clock):
    ids = _queue(outbox, 10)
    backend = FlakyBackend(fail_on={4})
    report = drain(outbox, backend.send, batch_size=3)
    assert report.offline and report.failed == ids[3]
    assert report.sent == ids[:3]
    assert "ConnectionError: backend unreachable" in report.error
    assert outbox.pending_count() == 7
    assert drain(outbox, backend.send).sent == []  # still backing off: nothing overtakes
    clock.advance(timedelta(seconds=5))
    later = drain(outbox, backend.send)
    assert later.sent == ids[3:]
    assert backend.ingested == ids


def test_a_rejected_purchase_is_set_aside_and_the_rest_flows(outbox):
    ids = _queue(outbox, 4)
    backend = FlakyBackend(reject={ids[1]})
    report = drain(outbox, backend.send)
    assert report.rejected == [ids[1]]
    assert report.sent == [ids[0], ids[2], ids[3]]
    assert [i.purchase_id for i in outbox.rejected()] == [ids[1]]


def test_limit_bounds_how_many_are_sent(outbox):
    ids = _queue(outbox, 10)
    assert drain(outbox, FlakyBackend().send, limit=4, batch_size=3).sent == ids[:4]
    assert outbox.pending_count() == 6


def test_acknowledgements_already_received_are_kept_when_send_blows_up(outbox):
    ids = _queue(outbox, 5)
    calls = []

    def send(item):
        calls.append(item.purchase_id)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the till is being stopped mid-drain
        return Accepted()

    with pytest.raises(KeyboardInterrupt):
        drain(outbox, send, batch_size=10)
    assert [i.purchase_id for i in outbox.next_batch(10)] == ids[2:]


def test_send_must_say_accepted_or_rejected(outbox):
    _queue(outbox, 1)
    with pytest.raises(TypeError, match="Accepted or Rejected"):
        drain(outbox, lambda item: True)
    assert outbox.pending_count() == 1


def test_drain_async_has_the_same_semantics(outbox, clock):
    ids = _queue(outbox, 6)
    backend = FlakyBackend(fail_on={3})

    async def send(item):
        await asyncio.sleep(0)
        return backend.send(item)

    first = asyncio.run(drain_async(outbox, send, batch_size=4))
    assert first.sent == ids[:2] and first.failed == ids[2]
    clock.advance(timedelta(seconds=5))
    second = asyncio.run(drain_async(outbox, send))
    assert second.sent == ids[2:]
    assert backend.ingested == ids


@given(st.integers(min_value=1, max_value=30), st.sets(st.integers(min_value=1, max_value=60)),
       st.integers(min_value=1, max_value=8))
def test_whatever_fails_every_purchase_reaches_the_backend_once_and_in_order(
    count, failures, batch_size
):
    with scratch_dir() as tmp:
        clock = SteppingClock(START, step=timedelta(0))
        with open_fresh_journal(Path(tmp) / "t.sqlite", clock) as journal:
            outbox = Outbox.for_journal(journal)
            ids = _queue(outbox, count)
            backend = FlakyBackend(fail_on=failures)
            for _ in range(count + len(failures) + 1):
                drain(outbox, backend.send, batch_size=batch_size)
                clock.advance(timedelta(minutes=10))
            assert backend.ingested == ids
            assert outbox.pending_count() == 0
