"""Helpers for the device tests: collect hub events and wait for the ones expected.

A module of its own (not conftest) so test files can import it by a unique name.
"""

from __future__ import annotations

import threading
import time

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


def start_hub(rig: Rig, events: Events, **kwargs) -> DeviceHub:
    kwargs.setdefault("backoff", (0.02, 0.2))
    hub = DeviceHub.from_ports_file(rig.ports_file, on_event=events, **kwargs)
    hub.start()
    for name in hub.devices:
        events.state(name, "connected")
    return hub
