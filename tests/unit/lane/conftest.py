"""A lane on a real journal file in a temp dir; no devices, no backend, no ports."""

from __future__ import annotations

import contextlib

import pytest
from lane_unit_helpers import Clock, Draws, Recorder

from pos.domain.catalog import load_default_catalog
from pos.journal import Journal
from pos.lane.lane import Lane
from pos.lane.settings import LaneSettings
from pos.till import Till


@pytest.fixture(scope="session")
def catalog():
    return load_default_catalog()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_lane(tmp_path, catalog, clock):
    """`make_lane(settings=…, draws=…)`: a started lane; calling it again is a restart."""
    opened: list[Lane] = []

    def make(settings: LaneSettings | None = None, draws: Draws | None = None):
        events = Recorder()
        journal = Journal.open(tmp_path / "journal.sqlite3", register_id="3", store_id="1001",
                               clock=clock)
        till = Till(journal=journal, catalog=catalog, clock=clock)
        lane = Lane(till, settings or LaneSettings(cash=True), listener=events.append,
                    rng=draws or Draws(0.99))
        lane.start(sync=False)
        opened.append(lane)
        return lane, events

    yield make
    for lane in opened:
        with contextlib.suppress(Exception):
            lane.till.journal.close()
            lane.trips.close()
