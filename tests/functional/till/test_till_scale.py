"""Loose produce on the till's scale over ptys: waiting, certified, printed; typed if unplugged."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from till_harness import EngineHarness

from devices.rig import Rig
from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.till import Notice, WeightNeeded
from tests.fixtures.printed import wait_for_receipt


@pytest.fixture
def scale_rig():
    base = Path(tempfile.mkdtemp(prefix="till-scale-"))
    rig = Rig(base, devices=["scanner", "printer", "scale"], baud=115200, control=False).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


def config(tmp_path, rig) -> TillConfig:
    return TillConfig(ports=rig.ports_file, data_dir=tmp_path / "till")  # no backend: cash only


def notice(h, code):
    return next((e for e in reversed(h.events) if isinstance(e, Notice) and e.code == code), None)


async def test_scanned_bananas_wait_for_rest_then_sell_and_print_kg(scale_rig, tmp_path):
    async with EngineHarness(config(tmp_path, scale_rig), scale_rig.ports_file,
                             sync=False) as h:
        h.till.login("1", "1234")
        scale_rig.scale_set(742, unstable=True)
        scale_rig.scan(demo.BANANAS, aim="]E0")
        waiting = await h.until(lambda: notice(h, "scale_unstable"), what="the wait notice")
        assert waiting.text.nb.startswith("Venter på stabil vekt")
        assert h.lines() == 0
        scale_rig.scale_set(742)  # the load comes to rest
        await h.until(lambda: h.lines() == 1, what="the bananas")
        line = h.till.sale.lines[0]
        assert (line.weight_g, line.amount_ore) == (742, 1848)  # 0,742 kg × kr 24,90
        h.till.pay_cash(None)
        receipt = wait_for_receipt(scale_rig, "0,742 kg")
        assert "0,742 kg x 24,90/kg" in receipt


async def test_an_empty_scale_refuses_and_an_unplugged_one_lets_the_cashier_type(
        scale_rig, tmp_path):
    async with EngineHarness(config(tmp_path, scale_rig), scale_rig.ports_file,
                             sync=False) as h:
        h.till.login("1", "1234")
        await h.till.enter_code(demo.BANANAS_PLU)
        refused = await h.until(lambda: notice(h, "till_error"), what="the refusal")
        assert "For lav vekt" in refused.text.nb and h.till.sale is None
        scale_rig.unplug("scale")
        await h.until(lambda: h.till.status_event().devices.get("scale") != "connected",
                      what="the scale gone")
        await h.till.enter_code(demo.BANANAS_PLU)
        needed = await h.until(lambda: h.last(WeightNeeded), what="the typed-weight fallback")
        assert h.till.add_weighed(needed.product_key, 628)
        assert h.till.sale.lines[0].weight_g == 628
