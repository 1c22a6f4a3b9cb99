"""The base of every emulated device: one thread per device, wire-rate pacing, an actor.

Each emulator thread owns its `VirtualPort`. Everything that touches the port or
the device's state runs in that thread: control requests arrive through `call()`
(a queue plus a wake-up pipe) and are answered when done, so unplugging can never
race a write. Output is paced at the line's wire rate (10 bits per byte for 8N1):
byte *i* of a burst is written one byte time after byte *i−1*, as a UART would
deliver it, so latency figures measured against the rig are realistic.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from devices.config import PortSettings
from devices.errors import RigError
from devices.rig.vport import VirtualPort

log = logging.getLogger(__name__)
IDLE_TICK = 0.05  # seconds between housekeeping wake-ups when nothing happens
MIN_SLEEP = 0.0005  # write every byte due within this much, not one syscall per byte
MAX_BACKLOG = 1 << 20


class _Chunk:
    __slots__ = ("data", "offset", "on_written", "pause_after")

    def __init__(self, data: bytes, on_written: Callable[[float], None] | None,
                 pause_after: float = 0.0) -> None:
        self.data = data
        self.offset = 0
        self.on_written = on_written
        self.pause_after = pause_after


class PortEmulator:
    kind = "device"

    def __init__(self, name: str, port: VirtualPort, settings: PortSettings) -> None:
        self.name = name
        self.port = port
        self.settings = settings
        self.bytes_out = 0
        self.bytes_in = 0
        self._out: deque[_Chunk] = deque()
        self._backlog = 0
        self._next_due: float | None = None
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"rig-{name}", daemon=True)

    # -- life cycle and control (any thread) ----------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self.port.unplug()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float = 10.0, **kwargs: Any) -> Any:
        """Run `fn` in the emulator's thread and return its result (or raise its error)."""
        if not self._thread.is_alive():
            raise RigError(f"{self.name}: the emulator is not running")
        future: Future = Future()
        self._calls.put((future, fn, args, kwargs))
        self._wake()
        return future.result(timeout)

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    # -- for subclasses (emulator thread only) --------------------------------

    def send(self, data: bytes, on_written: Callable[[float], None] | None = None,
             pause_after: float = 0.0) -> None:
        """Queue bytes to go out at wire rate.

        `on_written(t)` is called once the last byte is written, with the
        `time.perf_counter()` taken just before that write (latency measurements).
        `pause_after` keeps the line quiet that long after these bytes (a stalled
        writer: a loaded machine, a slow USB adapter), before what is queued next.
        """
        if not self.port.plugged:
            raise RigError(f"{self.name} is unplugged; `replug {self.name}` first")
        if self._backlog + len(data) > MAX_BACKLOG:
            raise RigError(f"{self.name}: more than {MAX_BACKLOG} bytes waiting to go out")
        if not self._out:
            self._next_due = time.monotonic() + self.settings.byte_time
        self._out.append(_Chunk(data, on_written, pause_after))
        self._backlog += len(data)

    def unplug(self) -> dict[str, Any]:
        """Pull the cable (emulator thread): the port and what was on its way are gone."""
        was = self.port.plugged
        self.port.unplug()
        self.on_unplug()
        return {"plugged": False, "was_plugged": was}

    def replug(self) -> dict[str, Any]:
        """Plug it back: a new pty behind the same symlink."""
        was = self.port.plugged
        pty = self.port.plug()
        return {"plugged": True, "was_plugged": was, "pty": pty, "path": str(self.port.link_path)}

    def on_input(self, data: bytes) -> None:
        """Bytes the till wrote to this device."""

    def on_tick(self, now: float) -> None:
        """Timers (the payment terminal's delays and timeout)."""

    def on_unplug(self) -> None:
        """The cable was pulled: forget what was on its way."""
        self._out.clear()
        self._backlog = 0
        self._next_due = None

    def status(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "plugged": self.port.plugged,
            "attached": self.port.attached,
            "path": str(self.port.link_path),
            "pty": self.port.pty_path if self.port.plugged else None,
            "baud": self.settings.baud,
            "bytes_out": self.bytes_out,
            "bytes_in": self.bytes_in,
            "queued_out": self._backlog,
        }

    # -- the thread -----------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            timeout = IDLE_TICK
            if self._out and self._next_due is not None:
                timeout = max(0.0, min(timeout, self._next_due - now))
            watch = [self._wake_r]
            if self.port.plugged and (self.port.attached or self.port.has_input):
                watch.append(self.port.master)
            try:
                ready, _, _ = select.select(watch, [], [], timeout)
            except (OSError, ValueError):
                ready = []  # the master was closed by an unplug in this very thread
            if self._wake_r in ready:
                with contextlib.suppress(OSError):
                    os.read(self._wake_r, 4096)
            self._run_calls()
            try:
                if self.port.plugged and self.port.master in ready:
                    data = self.port.read()
                    if data:
                        self.bytes_in += len(data)
                        self.on_input(data)
                self._write_due(time.monotonic())
                self.on_tick(time.monotonic())
            except Exception:  # one bad input must not silence the device for the session
                log.exception("rig %s: emulator step failed", self.name)

    def _run_calls(self) -> None:
        while True:
            try:
                future, fn, args, kwargs = self._calls.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # handed to the caller, not lost in this thread
                future.set_exception(exc)

    def _write_due(self, now: float) -> None:
        if not self._out or self._next_due is None or now + MIN_SLEEP < self._next_due:
            return
        byte_time = self.settings.byte_time
        self._next_due = max(self._next_due, now - 0.002)  # a late wake-up may not burst
        budget = 1 + int((now + MIN_SLEEP - self._next_due) / byte_time)
        while budget > 0 and self._out:
            chunk = self._out[0]
            piece = chunk.data[chunk.offset : chunk.offset + budget]
            handed_over = time.perf_counter()  # the moment the bytes go on the "wire"
            written = self.port.write(piece)
            if written == 0:  # the pty is full (nobody reads): try again a little later
                self._next_due = now + 0.005
                return
            chunk.offset += written
            budget -= written
            self.bytes_out += written
            self._backlog -= written
            self._next_due += written * byte_time
            if chunk.offset >= len(chunk.data):
                self._out.popleft()
                if chunk.on_written is not None:
                    chunk.on_written(handed_over)
                if chunk.pause_after > 0:
                    self._next_due += chunk.pause_after
                    break
        if not self._out:
            self._next_due = None
