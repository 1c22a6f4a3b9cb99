"""The store's newer devices as the cashier uses them, through the rig's ptys (Pilot).

Loose produce on the scale (the device panel's `v`), typed by PLU, becomes a weighed
line; the shopper's display follows the basket; a cash payment kicks the drawer open
through the printer and the panel's `k` shuts it; the receipt printed can be drawn.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from devices.rig import Rig
from pos.data import demo_products as demo
from pos.journal import EventType
from tests.functional.faces.cashier.conftest import log_in, until


@pytest.fixture
def rig():
    """The cashier's rig with the scale (as `make demo` starts it)."""
    base = Path(tempfile.mkdtemp(prefix="ui-rig-"))
    rig = Rig(base, devices=["+scale"], baud=115200, terminal_step_delay=0.02).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


def drawer_entries(app) -> list[str]:
    wanted = (EventType.DRAWER_OPENED, EventType.DRAWER_CLOSED)
    return [e.type.value for e in app.till.journal.entries() if e.type in wanted]


async def test_weigh_show_pay_kick_and_shut(backend_server, rig, till_app):
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        rig.scale_set(742)  # the bananas on the platter
        await pilot.press(*demo.BANANAS_PLU, "enter")
        await until(pilot, lambda: app.sale_view and len(app.sale_view.lines) == 1,
                    what="the weighed bananas")
        assert app.sale_view.lines[0].weight_g == 742
        await until(pilot, lambda: rig.display()["lines"][1].startswith("Totalt"),
                    what="the customer display")
        assert rig.display()["lines"][0].startswith("Bananer")

        await pilot.press("f5")
        await pilot.press(*"50", "f1")  # cash
        await until(pilot, lambda: rig.drawer()["open"], what="the drawer kicked open")
        # the till knows it once its sensor poll has read it open (shut before that, the
        # opening would pass unseen, as a real drawer slammed within a poll would)
        await until(pilot, lambda: app.till.session.drawer_open, what="the sensor read open")
        await until(pilot, lambda: "Tilbake" in rig.display()["lines"][1],
                    what="the change on the customer display")

        await pilot.press("enter")  # close the receipt
        await pilot.press("f12")
        await pilot.press("k")  # the panel shuts the drawer
        await until(pilot, lambda: drawer_entries(app) == ["drawer.opened", "drawer.closed"],
                    what="the opening and the closing journaled")
        assert not rig.drawer()["open"]
