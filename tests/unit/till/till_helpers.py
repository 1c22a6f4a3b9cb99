"""Helpers of the till engine's unit tests: a clock the test moves, an event recorder."""

from __future__ import annotations

from pathlib import Path

from pos.journal import Journal
from pos.till import Till
from tests.fixtures.engine_events import OSLO, TUESDAY_NOON, Clock, Recorder

__all__ = ["OSLO", "TUESDAY_NOON", "Clock", "Recorder", "open_till"]


def open_till(directory: Path, catalog, clock=None, events=None, **kwargs) -> Till:
    """A started till on the journal in `directory` (reopening it is a restart)."""
    clock = clock or Clock()
    journal = Journal.open(directory / "journal.sqlite3", register_id="3", store_id="1001",
                           clock=clock)
    listener = events.append if events is not None else None
    till = Till(journal=journal, catalog=catalog, clock=clock, listener=listener, **kwargs)
    till.start(sync=False)
    return till
