"""Faults a till meets in a shop: killed mid-sale, backend gone mid-sync, a cable pulled."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from till_harness import EngineHarness, HeadlessTill, till_config

from devices.events import DeviceState
from pos.data import demo_products as demo
from pos.sync.outbox import OutboxState
from pos.till import ReceiptReady, StatusChanged
from tests.fixtures.printed import wait_for_receipt

pytestmark = pytest.mark.slow


def test_sigkill_mid_sale_and_restart_brings_back_the_same_sale(rig, tmp_path):
    args = ("--ports", str(rig.ports_file), "--data-dir", str(tmp_path / "till"), "--no-sync")
    till = HeadlessTill(*args, cwd=tmp_path)
    try:
        till.wait_for(lambda o: o.get("ready"), what="ready")
        till.send("login 1 1234")
        till.send("enter 3*")
        rig.scan(demo.COLA_0_5L, aim="]E0")  # 3 × cola with pant, through the pty
        rig.scan(demo.CHEESE_452_G, aim="]E0")
        till.wait_for(lambda o: o.get("event") == "SaleChanged" and o["sale"]
                      and len(o["sale"]["lines"]) == 3, what="3 lines")
        till.send("void-line 3")
        rig.scan(demo.SNUS, aim="]E0")  # age 18, sold at any hour (the child runs on real time)
        till.wait_for(lambda o: o.get("event") == "NeedsAgeCheck", what="the age check")
        till.send("age yes")
        till.send("cash 5000")
        before = till.latest_sale()
        assert before["tenders"] and len(before["lines"]) == 4
    finally:
        till.kill()  # SIGKILL: no shutdown, no flush beyond what was committed

    again = HeadlessTill(*args, cwd=tmp_path)
    try:
        ready = again.wait_for(lambda o: o.get("ready"), what="ready after restart")
        assert ready["sale"] == before
        again.send("cash")
        receipt = again.wait_for(lambda o: o.get("event") == "ReceiptReady", what="receipt")
        assert receipt["receipt_number"] == 1
        wait_for_receipt(rig, "General")  # printed after the restart, snus line included
    finally:
        again.stop()


def backend_rows(server, sale_ids):
    path = server.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        marks = ", ".join("?" * len(sale_ids))
        purchases = db.execute(
            f"SELECT purchase_id FROM purchases WHERE purchase_id IN ({marks})", sale_ids
        ).fetchall()
        credits = db.execute(
            "SELECT p.purchase_id, count(*) FROM ledger_entries l JOIN purchases p "
            f"ON p.id = l.purchase_pk WHERE p.purchase_id IN ({marks}) "
            "AND l.kind = 'dividend' GROUP BY p.purchase_id", sale_ids
        ).fetchall()
    return [p for (p,) in purchases], dict(credits)


async def sell(h: EngineHarness, member_card: str) -> str:
    await h.till.scan(demo.BREAD)
    await h.till.scan(member_card)
    sale_id = h.till.sale.sale_id
    h.till.pay_cash(None)
    return sale_id


async def test_backend_killed_during_sync_no_purchase_lost_or_doubled(backend_factory, tmp_path):
    server = backend_factory()
    card = server.member("per")["card_number"]
    config = till_config(server, tmp_path / "till", None)
    options = {"poll_seconds": 0.1, "batch_size": 5, "backoff_cap": timedelta(milliseconds=300)}
    async with EngineHarness(config, None, sync=False) as h:
        h.till.login("1", "1234")
        sale_ids = [await sell(h, card) for _ in range(30)]
        assert h.till.outbox.pending_count() == 30
    async with EngineHarness(config, None, **options) as h:
        outbox = h.till.outbox
        sent = lambda: sum(outbox.get(s).state is OutboxState.SENT for s in sale_ids)  # noqa: E731
        await h.until(lambda: sent() >= 3, what="the drain under way")
        server.kill()  # SIGKILL in the middle of the drain
        await h.until(lambda: (s := h.last(StatusChanged)) and s.backend_online is False,
                      what="offline in the status bar")
        still_selling = await sell(h, card)  # cash keeps working while offline
        sale_ids.append(still_selling)
        assert sent() < 31
        server.start()
        await h.until(lambda: sent() == 31, timeout=30, what="every purchase synced")
        status = await h.until(lambda: (s := h.last(StatusChanged)) and s.backend_online
                               and s.outbox_pending == 0 and s, what="online, nothing pending")
        assert status.outbox_pending == 0
    purchases, credits = backend_rows(server, sale_ids)
    assert sorted(purchases) == sorted(sale_ids)  # none lost
    assert set(credits.values()) == {1} and len(credits) == 31  # each credited exactly once


async def test_scanner_unplugged_and_replugged_mid_sale(backend_server, rig, tmp_path):
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        h.till.login("1", "1234")
        await h.until(lambda: h.till.status_event().devices.get("scanner") == "connected",
                      what="scanner connected")
        rig.scan(demo.MILK, aim="]E0")
        await h.until(lambda: h.lines() == 1, what="the milk")
        sale_id = h.till.sale.sale_id
        rig.unplug("scanner")
        await h.until(lambda: any(isinstance(e, DeviceState) or getattr(e, "code", "") ==
                                  "device_disconnected" for e in h.events),
                      what="the disconnect notice")
        assert h.till.status_event().devices["scanner"] != "connected"
        rig.replug("scanner")
        await h.until(lambda: h.till.status_event().devices.get("scanner") == "connected",
                      what="scanner back")
        rig.scan(demo.BREAD, aim="]E0")
        await h.until(lambda: h.lines() == 2, what="the bread after replug")
        assert h.till.sale.sale_id == sale_id
        h.till.pay_cash(None)
        assert h.last(ReceiptReady).sale_id == sale_id
