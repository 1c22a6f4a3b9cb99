"""The header clock is the till's clock (Europe/Oslo), the same one its receipts use."""

from __future__ import annotations

from datetime import datetime, timedelta

from pos.config import TillConfig
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.app import TillApp
from pos.faces.cashier.widgets.till_header import TillClock
from pos.till.engine import Till
from tests.fixtures.waiting import until


async def test_header_shows_the_tills_oslo_time_not_the_machines(tmp_path):
    """The till's clock stands at 12:00 Oslo; the machine's own time is anything else."""
    clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(0))
    till = Till.open(TillConfig(data_dir=tmp_path / "till", mode="demo"), clock=clock)
    app = TillApp(till, demo=True, show_clock=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.app.settle()
        await app.call(app.till.login, "1", "1234")
        await until(pilot, lambda: app.screen.query(TillClock), what="the sale screen's clock")
        shown = str(app.screen.query_one(TillClock).render())
    assert shown.startswith("12:00")
