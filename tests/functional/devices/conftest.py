"""Real ptys, a real rig and a real hub for the device tests; nothing is left running after."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from dev_rig_helpers import FAST, Events, start_hub

from devices.rig import Rig
from tests.fixtures.waiting import wait_until


@pytest.fixture
def rig_dir():
    """A short directory under /tmp (Unix socket paths are limited to 107 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="rig", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def no_leaked_threads():
    before = set(threading.enumerate())
    yield

    def leaked() -> list[str]:
        return [t.name for t in threading.enumerate()
                if t not in before and t.name.startswith(("device-", "rig-")) and t.is_alive()]

    wait_until(lambda: not leaked(), timeout=10, what="the device threads to end",
               describe=lambda: f"still running: {leaked()}")


@pytest.fixture
def rig(rig_dir, no_leaked_threads):
    with Rig(rig_dir, baud=FAST, terminal_step_delay=0.01, seed=7) as running:
        yield running


@pytest.fixture
def events():
    return Events()


@pytest.fixture
def hub(rig, events):
    running = start_hub(rig, events)
    yield running
    running.stop()
