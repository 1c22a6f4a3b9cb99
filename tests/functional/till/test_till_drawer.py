"""The cash drawer at the till, through the rig's printer: kicked, sensed, journaled.

A cash sale kicks it open (journaled with the receipt number); shutting it is
journaled as `drawer.closed`; opening it with its key is a manual opening; with
`refuse_sale_while_drawer_open` the next sale waits until it is shut.
"""

from __future__ import annotations

import pytest
from till_harness import EngineHarness

from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.settings import StoreSettings
from pos.journal import EventType
from pos.till import Notice, ReceiptReady

pytestmark = pytest.mark.slow


def _config(tmp_path, rig) -> TillConfig:
    return TillConfig(ports=rig.ports_file, data_dir=tmp_path / "till")


def _drawer_entries(till) -> list[tuple[str, dict]]:
    wanted = (EventType.DRAWER_OPENED, EventType.DRAWER_CLOSED)
    return [(e.type.value, dict(e.payload)) for e in till.journal.entries() if e.type in wanted]


async def test_a_cash_sale_opens_the_drawer_and_shutting_it_is_journaled(rig, tmp_path):
    async with EngineHarness(_config(tmp_path, rig), rig.ports_file, sync=False) as h:
        h.till.login("1", "1234")
        await h.till.scan(demo.MILK)
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        await h.until(lambda: h.till.session.drawer_open, what="the sensor: open")
        assert rig.drawer()["open"] is True and rig.drawer()["openings"] == 1

        rig.drawer("close")
        await h.until(lambda: not h.till.session.drawer_open, what="the sensor: shut")
        assert _drawer_entries(h.till) == [
            ("drawer.opened", {"receipt_number": receipt.receipt_number}),
            ("drawer.closed", {}),
        ]

        rig.drawer("open")  # with the key: not the till's doing, journaled all the same
        await h.until(lambda: h.till.session.drawer_open, what="the sensor: open by key")
        assert _drawer_entries(h.till)[-1] == ("drawer.opened", {"manual": True, "reason": "key"})


async def test_with_the_rule_on_a_new_sale_waits_for_the_drawer_to_be_shut(rig, tmp_path):
    settings = StoreSettings(refuse_sale_while_drawer_open=True)
    async with EngineHarness(_config(tmp_path, rig), rig.ports_file, sync=False,
                             settings=settings) as h:
        h.till.login("1", "1234")
        await h.till.scan(demo.MILK)
        h.till.pay_cash(None)
        await h.until(lambda: h.till.session.drawer_open, what="the sensor: open")

        await h.till.scan(demo.BREAD)
        refusal = h.last(Notice)
        assert refusal.code == "close_drawer_first" or "kassaskuffen" in refusal.text.nb.lower()
        assert h.till.sale is None

        rig.drawer("close")
        await h.until(lambda: not h.till.session.drawer_open, what="the sensor: shut")
        await h.till.scan(demo.BREAD)
        assert h.till.sale is not None and len(h.till.sale.lines) == 1
