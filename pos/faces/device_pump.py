"""A reader thread that turns the device hub's event queue into Textual messages.

Why a pump and not the hub's `on_event` callback: the hub's bounded queue gives
back-pressure (a burst of 2 000 scans waits in the queue, and behind it on the
serial line, instead of piling up unbounded), and the pump is the one place
that crosses from threads into the UI loop with `post_message` (thread-safe).
It is started on mount and stopped on unmount, like toolong's watcher threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.events import Event
from devices.hub import DeviceHub


class DevicePump:
    def __init__(self, hub: DeviceHub, deliver: Callable[[Event], object]) -> None:
        self.hub = hub
        self.deliver = deliver
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="till-device-pump", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            event = self.hub.get_event(timeout=0.1)
            if event is not None:
                self.deliver(event)

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
