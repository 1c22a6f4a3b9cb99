"""The lane and the handheld against the real member backend (a subprocess) and the rig's ptys.

`lane_app(server, draws=…)` builds the lane exactly as `pos --mode self-checkout`
does (`build_lane_app`), on a fresh journal, with a stepping clock on a weekday
noon and an audit random source the test chooses. `handheld_app(server)` is
`pos --mode shopexpress`. Both open only their own devices of the one rig.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from lane_helpers import WEEKDAY_NOON, Draws

from devices.rig import Rig
from pos.config import TillConfig
from pos.domain.clock import SteppingClock
from pos.faces.lane.launch import build_handheld_app, build_lane_app
from pos.lane.settings import LaneSettings

if "tests.fixtures.backend" not in sys.modules:
    from tests.fixtures.backend import backend_factory, backend_server  # noqa: F401


@pytest.fixture
def rig():
    base = Path(tempfile.mkdtemp(prefix="lane-rig-"))  # short: a unix socket path has a limit
    rig = Rig(base, baud=115200, terminal_step_delay=0.02).start()
    yield rig
    rig.stop()
    shutil.rmtree(base, ignore_errors=True)


def _config(server, rig, data_dir) -> TillConfig:
    return TillConfig(ports=rig.ports_file, backend=server.base_url,
                      terminal_key=server.terminal_key, store=str(server.store),
                      register=str(server.register), data_dir=data_dir)


@pytest.fixture
def lane_app(tmp_path, rig):
    def make(server, *, draws: Draws | None = None, settings: LaneSettings | None = None):
        clock = SteppingClock(WEEKDAY_NOON, timedelta(seconds=1))
        return build_lane_app(_config(server, rig, tmp_path / "lane"),
                              settings or LaneSettings(), clock=clock,
                              rng=draws or Draws(0.99))

    return make


@pytest.fixture
def handheld_app(tmp_path, rig):
    def make(server, settings: LaneSettings | None = None):
        clock = SteppingClock(WEEKDAY_NOON, timedelta(seconds=1))
        return build_handheld_app(_config(server, rig, tmp_path / "handheld"),
                                  settings or LaneSettings(), clock=clock)

    return make
