"""A shopper at a lane with a bagging-area scale, through the rig and the lane's screens.

Each item must show up in the bag before the next scan; a stray item pauses the
lane for staff until the bag is right again; then the sale is paid by card.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from lane_helpers import click, on, ready, until

from devices.rig import Rig
from pos.data import demo_products as demo
from pos.data.weights import item_weight
from pos.lane.state import WaitReason

EAN13 = "]E0"


@pytest.fixture
def rig():
    """The lane's rig with its bagging-area scale."""
    base = Path(tempfile.mkdtemp(prefix="lane-bag-"))
    rig = Rig(base, devices=["+bagging"], baud=115200, terminal_step_delay=0.02).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


async def test_items_are_bagged_a_stray_item_waits_for_staff_then_the_sale_is_paid(
        backend_server, rig, lane_app):
    app = lane_app(backend_server)
    lane = app.lane
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app), what="the welcome screen")
        await until(pilot, lambda: lane.bagging.active, what="the bagging scale's reading")
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"), what="the member question")
        await click(pilot, "#skip")
        await until(pilot, lambda: lane.state.bagging == "place_item", what="place the milk")
        bag = item_weight(demo.MILK).grams + 10
        rig.scale_set(bag, device="bagging")
        await until(pilot, lambda: lane.state.bagging == "", what="the milk in the bag")

        rig.scale_set(bag + 700, device="bagging")  # something that was not scanned
        await until(pilot, lambda: WaitReason.BAGGING in lane.state.waiting_for,
                    what="the lane paused for staff")
        rig.scale_set(bag, device="bagging")  # taken out again
        await until(pilot, lambda: not lane.state.paused, what="the lane going on")

        await click(pilot, "#pay")
        await until(pilot, on(app, "PayScreen"), what="the payment screen")
        rig.pay("approve")
        await click(pilot, "#card")
        await until(pilot, on(app, "DoneScreen"), what="the thank-you screen")
        assert "Helmelk" in lane.state.receipt_text
