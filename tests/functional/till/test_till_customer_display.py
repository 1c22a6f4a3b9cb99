"""The customer display follows the sale, through the rig's 2 × 20 display on a pty."""

from __future__ import annotations

import pytest
from till_harness import EngineHarness

from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.till import ReceiptReady

pytestmark = pytest.mark.slow


async def test_the_shopper_sees_each_line_the_total_the_change_and_a_welcome(rig, tmp_path):
    config = TillConfig(ports=rig.ports_file, data_dir=tmp_path / "till")
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        shown = lambda: tuple(rig.display()["lines"])  # noqa: E731
        await h.until(lambda: shown() == ("     Velkommen!     ", " " * 20),
                      what="the welcome")
        h.till.login("1", "1234")
        await h.till.scan(demo.MILK)
        await h.till.scan(demo.BREAD)
        await h.until(lambda: shown()[0].startswith("Bakehuset") and "42,90" in shown()[0],
                      what="the bread on the display")
        assert shown()[1] == "Totalt      kr 68,80"

        h.till.pay_cash(10_000)
        await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        # paid as the receipt says it: rounded to whole kroner for cash
        await h.until(lambda: shown() == ("Totalt      kr 69,00", "Tilbake     kr 31,00"),
                      what="total and change")

        await h.till.scan(demo.MILK)
        h.till.void_sale()
        await h.until(lambda: shown()[0].strip() == "Velkommen!", what="welcome after a void")


async def test_a_replugged_display_shows_the_sale_again(rig, tmp_path):
    config = TillConfig(ports=rig.ports_file, data_dir=tmp_path / "till")
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        h.till.login("1", "1234")
        await h.till.scan(demo.MILK)
        await h.until(lambda: "25,90" in rig.display()["lines"][0], what="the milk")
        rig.unplug("display")
        await h.until(lambda: rig.display()["lines"] == [" " * 20] * 2, what="a dark display")
        rig.replug("display")
        await h.until(lambda: "25,90" in rig.display()["lines"][0], what="the milk again")
