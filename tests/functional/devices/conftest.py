"""Real ptys, a real rig and a real hub for the device tests; nothing is left running after."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest
from dev_rig_helpers import FAST, Events, start_hub

from devices.rig import Rig


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
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        leaked = [
            t
            for t in threading.enumerate()
            if t not in before and t.name.startswith(("device-", "rig-")) and t.is_alive()
        ]
        if not leaked:
            return
        time.sleep(0.02)
    pytest.fail(f"threads left running: {[t.name for t in leaked]}")


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
