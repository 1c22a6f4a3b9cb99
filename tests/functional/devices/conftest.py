"""Real ptys, a real rig and a real hub for the device tests; nothing is left running after."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

from devices.events import DeviceState
from devices.hub import DeviceHub
from devices.rig import Rig

FAST = 115200  # where pacing is not the point


class Events:
    """Collects hub events (the hub's on_event callback) and waits for the ones a test expects."""

    def __init__(self) -> None:
        self.seen: list = []
        self._taken: set[int] = set()
        self._cond = threading.Condition()

    def __call__(self, event) -> None:
        with self._cond:
            self.seen.append(event)
            self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = 10.0, what: str = "an event"):
        """The first event not yet taken that matches; fails listing what did come."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for i, event in enumerate(self.seen):
                    if i not in self._taken and predicate(event):
                        self._taken.add(i)
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    recent = "\n  ".join(repr(e) for e in self.seen[-15:])
                    pytest.fail(f"no {what} within {timeout} s; last events:\n  {recent}")
                self._cond.wait(left)

    def of_type(self, cls, device: str | None = None):
        with self._cond:
            return [e for e in self.seen if isinstance(e, cls) and device in (None, e.device)]

    def state(self, device: str, state: str, timeout: float = 10.0):
        return self.wait_for(
            lambda e: isinstance(e, DeviceState) and e.device == device and e.state == state,
            timeout,
            f"{device} {state}",
        )


def wait_until(condition, timeout: float = 10.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    pytest.fail(f"{what} did not happen within {timeout} s")


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


def start_hub(rig: Rig, events: Events, **kwargs) -> DeviceHub:
    kwargs.setdefault("backoff", (0.02, 0.2))
    hub = DeviceHub.from_ports_file(rig.ports_file, on_event=events, **kwargs)
    hub.start()
    for name in hub.devices:
        events.state(name, "connected")
    return hub


@pytest.fixture
def hub(rig, events):
    running = start_hub(rig, events)
    yield running
    running.stop()
