"""Restart and suspend: the open sale comes back exactly from the journal."""

from __future__ import annotations

import contextlib

from pos.data import demo_products as demo
from pos.journal import EventType
from pos.till import SessionChanged


async def build_busy_sale(till):
    await till.enter_code("2*" + demo.COLA_0_5L)
    await till.scan(demo.CHEESE_452_G)
    await till.scan(demo.BEER)
    till.confirm_age()
    await till.scan(demo.DEPOSIT_SLIP_25_KR)
    till.void_line(3)  # the cheese
    till.change_quantity(1, 3)
    till.pay_cash(1_000)


async def test_reopening_the_journal_brings_back_the_same_sale(make_till):
    till, _ = make_till()
    till.login("1", "1234")
    await build_busy_sale(till)
    before = till.sale
    till.journal.close()  # the process dies here: nothing else is written

    again, events = make_till()
    assert again.sale == before
    assert again.operator is not None and again.operator.operator_id == "1"
    assert events.of(SessionChanged)[0].operator_id == "1"
    again.pay_cash(None)
    assert again.sale is None
    assert again.outbox.get(before.sale_id) is not None


async def test_a_slip_in_a_recovered_sale_is_still_redeemed(make_till):
    till, _ = make_till()
    till.login("1", "1234")
    await till.scan(demo.BREAD)
    await till.scan(demo.DEPOSIT_SLIP_25_KR)
    till.journal.close()
    again, events = make_till()
    await again.scan(demo.DEPOSIT_SLIP_25_KR)
    assert len(again.sale.lines) == 2
    assert events.codes()[-1] == "slip_redeemed"


async def test_suspend_and_resume(till):
    await till.scan(demo.MILK)
    parked = till.sale
    assert till.suspend()
    assert till.sale is None
    await till.scan(demo.BREAD)
    till.pay_cash(None)
    assert [view.sale_id for view in till.suspended()] == [parked.sale_id]
    assert till.resume(parked.sale_id)
    assert till.sale.lines == parked.lines
    types = [e.type for e in till.journal.entries(sale_id=parked.sale_id)]
    assert types[-2:] == [EventType.SALE_SUSPENDED, EventType.SALE_RESUMED]
    assert till.suspended() == []


async def test_a_sale_with_payment_cannot_be_suspended(till):
    await till.scan(demo.BREAD)
    till.pay_cash(1_000)
    assert till.suspend() is None
    assert till.sale is not None


async def test_a_failed_journal_write_does_not_leave_the_line_on_screen(till, monkeypatch):
    await till.scan(demo.MILK)
    shown = till.sale

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(till.journal, "append", broken)
    with contextlib.suppress(OSError):
        await till.scan(demo.BREAD)
    monkeypatch.undo()
    assert till.sale == shown


async def test_a_forked_sale_changes_without_touching_the_original(till):
    from pos.till.session import fork

    await till.scan(demo.COLA_0_5L)
    original = till.session.sale
    shown = original.view()
    twin = fork(original)
    twin.add_product(till.catalog.by_gtin(demo.BREAD), 2, now=till.now())
    twin.void_line(1)
    twin.add_tender("cash", 100_000, now=till.now())
    assert original.view() == shown
    assert len(original.operations) == 2  # open, and one add (which brought its deposit)
    assert twin.view() != shown and len(twin.view().lines) == 3
