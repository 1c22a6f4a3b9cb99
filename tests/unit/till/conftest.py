"""A till engine on a real journal file in a temp dir, with a clock the test moves.

No hub and no backend here (unit tests open no ports and start no processes):
the engine must sell cash without them, and say clearly what it cannot do.
"""

from __future__ import annotations

import contextlib

import pytest
from till_helpers import Clock, Recorder, open_till

from pos.domain.catalog import load_default_catalog
from pos.till import Till


@pytest.fixture(scope="session")
def catalog():
    return load_default_catalog()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def make_till(tmp_path, catalog, clock):
    """`make_till()` opens (or reopens, like a restart) the till on the same journal file."""
    opened: list[Till] = []

    def make(**kwargs) -> tuple[Till, Recorder]:
        events = Recorder()
        till = open_till(tmp_path, catalog, clock, events, **kwargs)
        opened.append(till)
        return till, events

    yield make
    for till in opened:
        with contextlib.suppress(Exception):  # already closed by a test that restarts
            till.journal.close()


@pytest.fixture
def till(make_till):
    till, events = make_till()
    till.login("1", "1234")
    till.events = events  # type: ignore[attr-defined]
    return till
