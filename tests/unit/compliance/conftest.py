"""A till engine (the real one) on a journal file in RAM, with the demo day's stand-in hub.

The stand-in hub approves card requests when the test delivers the terminal's
answer (`pay_by_card`), prints into a list and records the till's events. No
ports, no processes: the day through real devices is in tests/functional.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pos.compliance.demo_devices import StandInHub
from pos.domain.catalog import load_default_catalog
from pos.journal import OSLO, Journal
from pos.journal.clock import SteppingClock
from pos.till import Till

START = datetime(2024, 5, 2, 9, 0, tzinfo=OSLO)


@pytest.fixture(scope="session")
def catalog():
    return load_default_catalog()


@pytest.fixture
def tmp_dir() -> Iterator[Path]:
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="compliance-", dir=ram) as tmp:
        yield Path(tmp)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(START, timedelta(seconds=1))


@pytest.fixture
def hub() -> StandInHub:
    return StandInHub()


@pytest.fixture
def till(tmp_dir, catalog, clock, hub) -> Iterator[Till]:
    journal = Journal.open(tmp_dir / "K3.sqlite", register_id="3", store_id="1001", clock=clock)
    till = Till(journal=journal, catalog=catalog, store="1001", register="3", clock=clock,
                hub=hub, listener=hub.listen)
    till.start(sync=False)
    till.login("1", "1234")
    yield till
    journal.close()
