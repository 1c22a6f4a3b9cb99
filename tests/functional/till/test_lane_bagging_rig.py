"""A self-checkout lane with a bagging-area scale on a real pty: scan, bag, and a stray item."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from till_harness import EngineHarness

from devices.rig import Rig
from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.data.weights import item_weight
from pos.lane.lane import Lane
from pos.lane.settings import LaneSettings
from pos.lane.state import WaitReason


class LaneHarness(EngineHarness):
    """The engine harness with a lane in front: device events go to the lane, as in the UI."""

    async def __aenter__(self) -> LaneHarness:
        self.lane = Lane(self.till, LaneSettings(cash=True), listener=self.events.append)
        await super().__aenter__()
        self.lane.start(sync=False)
        return self

    async def _pump(self) -> None:
        while True:
            event = await self._queue.get()
            await self.lane.handle_device_event(event)


@pytest.fixture
def lane_rig():
    base = Path(tempfile.mkdtemp(prefix="lane-bag-"))
    rig = Rig(base, devices=["scanner", "bagging"], baud=115200, control=False).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


async def test_items_are_bagged_and_a_stray_item_calls_the_attendant(lane_rig, tmp_path):
    config = TillConfig(ports=lane_rig.ports_file, data_dir=tmp_path / "lane")
    async with LaneHarness(config, lane_rig.ports_file, sync=False) as h:
        lane = h.lane
        await h.until(lambda: lane.bagging.active, what="the bagging scale's first reading")
        lane_rig.scan(demo.MILK, aim="]E0")
        await h.until(lambda: lane.state.bagging == "place_item", what="place the milk")
        milk = item_weight(demo.MILK).grams
        lane_rig.scale_set(milk + 10, device="bagging")
        await h.until(lambda: lane.state.bagging == "", what="the milk in the bag")
        lane_rig.scale_set(milk + 10 + 700, device="bagging")  # something not scanned
        await h.until(lambda: lane.state.bagging == "unexpected_item", what="the stray item")
        assert WaitReason.BAGGING in lane.state.waiting_for
        lane_rig.scan(demo.BREAD, aim="]E0")
        await h.until(lambda: any(getattr(e, "code", "") == "lane_paused" for e in h.events),
                      what="the bread refused while paused")
        lane_rig.scale_set(milk + 10, device="bagging")  # taken out again
        await h.until(lambda: not lane.state.paused, what="the lane going on")
        assert h.lines() == 1
