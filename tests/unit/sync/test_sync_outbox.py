"""The outbox: durable, ordered, acknowledged once; failures back off; refusals are set aside."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pos.domain.clock import SteppingClock
from pos.journal import EventType, Journal, PayloadError
from pos.sync.outbox import DuplicatePurchase, Outbox, OutboxError, OutboxState
from pos.sync.retry import backoff_delay
from tests.fixtures.journal_files import START


@pytest.fixture
def outbox(journal: Journal) -> Outbox:
    return Outbox.for_journal(journal)


def _queue(outbox: Outbox, count: int) -> list[str]:
    ids = [f"p-{n:03d}" for n in range(count)]
    for n, purchase_id in enumerate(ids):
        outbox.enqueue(purchase_id, {"total": 100 * n, "lines": [{"gtin": "1", "qty": n}]})
    return ids


def test_items_come_out_in_the_order_they_went_in(outbox):
    ids = _queue(outbox, 5)
    assert [item.purchase_id for item in outbox.next_batch(3)] == ids[:3]
    assert outbox.pending_count() == 5
    item = outbox.next_batch(1)[0]
    assert item.body == {"total": 0, "lines": [{"gtin": "1", "qty": 0}]}
    assert item.state == OutboxState.PENDING and item.attempts == 0


def test_acknowledged_items_leave_the_queue_and_keep_the_response(outbox):
    ids = _queue(outbox, 3)
    outbox.mark_sent(ids[0], {"bonus": 12})
    assert [i.purchase_id for i in outbox.next_batch(10)] == ids[1:]
    sent = outbox.get(ids[0])
    assert sent is not None and sent.state == OutboxState.SENT
    assert sent.response == {"bonus": 12} and sent.sent_at is not None
    outbox.mark_sent(ids[0], {"bonus": 12})  # a repeated acknowledgement is harmless
    assert outbox.pending_count() == 2


def test_queueing_the_same_purchase_twice_is_a_no_op_but_a_different_body_is_refused(outbox):
    first = outbox.enqueue("p-1", {"total": 100})
    assert outbox.enqueue("p-1", {"total": 100}) == first
    with pytest.raises(DuplicatePurchase, match="different body"):
        outbox.enqueue("p-1", {"total": 999})
    assert outbox.pending_count() == 1


def test_bodies_with_floats_are_refused(outbox):
    with pytest.raises(PayloadError, match="integer øre"):
        outbox.enqueue("p-1", {"total": 1.5})
    assert outbox.pending_count() == 0


def test_a_failure_keeps_the_item_at_the_head_and_backs_off_exponentially(journal):
    frozen = SteppingClock(START, step=timedelta(0))
    outbox = Outbox(journal.db, frozen, backoff_base=timedelta(seconds=10))
    ids = _queue(outbox, 2)
    assert not outbox.status().offline
    retry_at = outbox.mark_failed(ids[0], "ConnectError: connection refused")
    assert retry_at == START + timedelta(seconds=10)
    assert outbox.next_batch(10) == []  # the head waits, nothing overtakes it
    status = outbox.status()
    assert status.offline and status.pending == 2
    assert status.last_error == "ConnectError: connection refused"
    assert status.next_attempt_at == retry_at
    frozen.advance(timedelta(seconds=10))
    assert [i.purchase_id for i in outbox.next_batch(10)] == ids
    now = frozen.now
    assert outbox.mark_failed(ids[0], "timeout") == now + timedelta(seconds=20)
    assert outbox.mark_failed(ids[0], "timeout") == now + timedelta(seconds=40)
    assert outbox.get(ids[0]).attempts == 3


def test_backoff_doubles_and_is_capped():
    delays = [backoff_delay(n) for n in range(1, 12)]
    assert delays[:4] == [timedelta(seconds=s) for s in (1, 2, 4, 8)]
    assert max(delays) == timedelta(minutes=5)
    assert backoff_delay(10_000) == timedelta(minutes=5)


def test_an_explicit_retry_time_is_kept(outbox, clock):
    _queue(outbox, 1)
    when = clock.now + timedelta(minutes=1)
    assert outbox.mark_failed("p-000", "503 Service Unavailable", retry_at=when) == when


def test_a_rejected_purchase_is_set_aside_and_the_queue_moves_on(outbox):
    ids = _queue(outbox, 3)
    outbox.mark_rejected(ids[0], "422: unknown store", {"detail": "unknown store"})
    assert [i.purchase_id for i in outbox.next_batch(10)] == ids[1:]
    assert [i.purchase_id for i in outbox.rejected()] == [ids[0]]
    assert outbox.status().rejected == 1
    outbox.retry(ids[0])
    assert [i.purchase_id for i in outbox.next_batch(10)] == ids


def test_wrong_state_changes_are_refused_clearly(outbox):
    _queue(outbox, 1)
    with pytest.raises(OutboxError, match="not in the outbox"):
        outbox.mark_sent("nope")
    outbox.mark_rejected("p-000", "bad")
    with pytest.raises(OutboxError, match="is rejected, not sent"):
        outbox.mark_sent("p-000")
    with pytest.raises(OutboxError, match="is rejected, not pending"):
        outbox.mark_failed("p-000", "x")


def test_completing_a_sale_and_queueing_its_purchase_is_one_transaction(journal, outbox):
    sale_id = journal.start_sale().sale_id
    with pytest.raises(DuplicatePurchase), journal.atomic():
        journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
        outbox.enqueue(sale_id, {"total": 100})
        outbox.enqueue(sale_id, {"total": 101})  # a bug in the caller: all of it is undone
    assert journal.open_sale() is not None and journal.open_sale().sale_id == sale_id
    assert outbox.pending_count() == 0
    with journal.atomic():
        journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
        outbox.enqueue(sale_id, {"total": 100})
    assert journal.open_sale() is None and outbox.pending_count() == 1


def test_the_database_keeps_unsent_purchases_and_their_bodies(outbox, journal_path):
    _queue(outbox, 1)
    conn = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="acknowledged"):
            conn.execute("DELETE FROM outbox")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            conn.execute("UPDATE outbox SET body = '{}'")
    finally:
        conn.close()


def test_sent_purchases_can_be_purged(outbox, clock):
    ids = _queue(outbox, 2)
    outbox.mark_sent(ids[0])
    clock.advance(timedelta(days=40))
    assert outbox.purge_sent(before=clock.now - timedelta(days=30)) == 1
    assert outbox.get(ids[0]) is None and outbox.pending_count() == 1


def test_a_worker_can_open_its_own_connection_on_the_same_file(journal, journal_path, clock):
    Outbox.for_journal(journal).enqueue("p-1", {"total": 1})
    worker = Outbox.open(journal_path, clock)
    try:
        assert [i.purchase_id for i in worker.next_batch()] == ["p-1"]
        worker.mark_sent("p-1")
    finally:
        worker.close()
    assert Outbox.for_journal(journal).pending_count() == 0
    journal.append(EventType.APP_STOPPED)  # the till's own connection still writes
