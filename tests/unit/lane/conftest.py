"""A lane on a real journal file in a temp dir; no devices, no backend, no ports."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pos.domain.catalog import load_default_catalog
from pos.journal import Journal
from pos.till.lane import Lane
from pos.till.lane_settings import LaneSettings
from pos.till.lane_till import LaneTill

OSLO = ZoneInfo("Europe/Oslo")
TUESDAY_NOON = datetime(2025, 3, 4, 12, 0, tzinfo=OSLO)


class Clock:
    def __init__(self, now: datetime = TUESDAY_NOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


class Draws:
    """The audit's random source: returns the values a test asks for, in order."""

    def __init__(self, *values: float) -> None:
        self.values = list(values) or [0.99]

    def random(self) -> float:
        return self.values.pop(0) if len(self.values) > 1 else self.values[0]


class Recorder(list):
    def of(self, cls):
        return [e for e in self if isinstance(e, cls)]

    def codes(self):
        from pos.till import Notice

        return [e.code for e in self.of(Notice)]


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
        till = LaneTill(journal=journal, catalog=catalog, clock=clock)
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
