"""The Textual till against the real member backend (a subprocess) and the rig on real ptys.

`till_app(...)` builds the app exactly as `pos` does (`pos.faces.cashier.launch.build_app`)
with a stepping clock on a weekday noon (beer may be sold; receipts are
stable), a fresh journal directory and the rig's ports file.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from devices.rig import Rig
from pos.config import TillConfig
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.launch import build_app
from tests.fixtures.waiting import until

if "tests.fixtures.backend" not in sys.modules:  # until tests/conftest.py registers the plugin
    from tests.fixtures.backend import backend_factory, backend_server  # noqa: F401

WEEKDAY_NOON = datetime(2025, 3, 4, 12, 0, tzinfo=OSLO)  # a Tuesday: beer may be sold


@pytest.fixture
def rig():
    """Every rig device on a pty at 115200 baud, with its control socket (the device panel's)."""
    base = Path(tempfile.mkdtemp(prefix="ui-rig-"))  # short: a unix socket path has a limit
    rig = Rig(base, baud=115200, terminal_step_delay=0.02).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def till_app(tmp_path, rig):
    """`till_app(server)`: the app wired to `server` and the rig, demo mode, fixed clock."""

    def make(server, **config_values):
        values = dict(
            ports=rig.ports_file, backend=server.base_url, terminal_key=server.terminal_key,
            store=str(server.store), register=str(server.register), data_dir=tmp_path / "till",
            mode="demo",
        )
        values.update(config_values)
        clock = SteppingClock(WEEKDAY_NOON, timedelta(seconds=1))
        app = build_app(TillConfig(**values), clock=clock, rig_socket=rig.socket_path)
        app.demo_data = dict(server.demo, base_url=server.base_url)
        return app

    return make


async def log_in(pilot, operator: str = "1", pin: str = "1234") -> None:
    from pos.faces.cashier.screens.sale import SaleScreen

    app = pilot.app
    await until(pilot, lambda: app.ready.is_set() or app.screen.id is None, what="start")
    await pilot.click("#operator")
    await pilot.press(*operator, "enter", *pin, "enter")
    await until(pilot, lambda: isinstance(app.screen, SaleScreen), what="the sale screen")
    hub = getattr(app, "hub", None)  # opening a port flushes earlier bytes: scan after this
    await until(pilot, lambda: hub is None or all(
        s.state == "connected" for s in hub.states().values()), what="the devices to connect")
