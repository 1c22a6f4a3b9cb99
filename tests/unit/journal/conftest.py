"""Fixtures for the journal's unit tests: a real SQLite journal file in a temp dir, a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from journal_helpers import START, scratch_dir

from pos.journal import Journal
from pos.journal.clock import SteppingClock


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """The unit tests' files live in RAM when possible (`scratch_dir`): they test rules,
    hashes and signatures, not the disk; the functional tests prove durability on disk."""
    with scratch_dir() as tmp:
        yield Path(tmp)


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(START)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "till.sqlite"


@pytest.fixture
def journal(journal_path: Path, clock: SteppingClock):
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as opened:
        yield opened
