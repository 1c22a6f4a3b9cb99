"""One device's connection: a reader thread, the state machine, reconnection, writes.

    connecting ──open ok──▶ connected ──SerialException/OSError──▶ disconnected
        │                      ▲                                        │
        └──open fails──▶ error ┴──────────── retry with backoff ◀───────┘

The thread owns the port: it opens it (re-resolving the spec each time, so a
replugged rig device with a new path is found again), reads whatever arrived (at
most `read_timeout` of waiting, so `stop()` and deadlines are prompt), feeds the
driver's framer, lets the driver turn frames into events, and writes what callers
queued. Callers never block: `write()` queues and wakes the thread; events leave
through `emit` (the hub's callback or bounded queue, which is where back-pressure
applies). A pulled cable (`SerialException`, "device reports readiness to read but
returned no data") or a vanished port ends the session; the link says so and tries
again with exponential backoff until stopped. `stop()` never hangs, unplugged or not.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable

import serial

from devices.config import DeviceSpec
from devices.drivers.base import Driver
from devices.errors import ConfigError, DeviceBusy, DeviceNotConnected
from devices.events import DecodeError, DeviceState, DeviceStateName, Event
from devices.framing import Piece

log = logging.getLogger(__name__)
MAX_QUEUED_WRITES = 256


def open_port(spec: DeviceSpec, *, read_timeout: float, write_timeout: float = 5.0):
    """Open `spec.url` with its line settings; plain paths are locked against a second opener."""
    kwargs = dict(
        baudrate=spec.port.baud,
        bytesize=spec.port.bytesize,
        parity=spec.port.parity,
        stopbits=spec.port.stopbits,
        timeout=read_timeout,
        write_timeout=write_timeout,
    )
    if "://" not in spec.url:
        kwargs["exclusive"] = True
    port = serial.serial_for_url(spec.url, do_not_open=True, **kwargs)
    port.open()
    return port


class DeviceLink:
    def __init__(
        self,
        name: str,
        resolve: Callable[[], DeviceSpec],
        driver: Driver,
        emit: Callable[[Event], None],
        *,
        backoff_initial: float = 0.05,
        backoff_max: float = 2.0,
        read_timeout: float = 0.05,
    ) -> None:
        self.name = name
        self.driver = driver
        self._resolve = resolve
        self._emit = emit
        self._backoff = (backoff_initial, backoff_max)
        self._read_timeout = read_timeout
        self._stop = threading.Event()
        self._lock = threading.Lock()  # guards _port, _writes, _state
        self._writes: deque[bytes] = deque()
        self._port = None
        self._state = DeviceState(name, "disconnected", "not started")
        self._thread: threading.Thread | None = None

    # -- caller side ----------------------------------------------------------

    @property
    def state(self) -> DeviceState:
        with self._lock:
            return self._state

    @property
    def connected(self) -> bool:
        return self.state.state == "connected"

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name=f"device-{self.name}", daemon=True
            )
        self._thread.start()

    def signal_stop(self) -> None:
        """Ask the thread to finish without waiting for it (stop many links at once)."""
        self._stop.set()
        self._wake()

    def stop(self, timeout: float = 2.0) -> None:
        self.signal_stop()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
            if thread.is_alive():
                log.warning(
                    "device %s: reader thread did not stop within %.1f s", self.name, timeout
                )
        with self._lock:
            self._thread = None

    def write(self, data: bytes) -> None:
        """Queue bytes for the device; the link's thread writes them.

        Raises DeviceNotConnected while the device is down, unless the driver keeps
        writes for the reconnect (printer); DeviceBusy when too much is queued.
        """
        with self._lock:
            if self._state.state != "connected" and not self.driver.keeps_writes_offline:
                detail = f" ({self._state.detail})" if self._state.detail else ""
                raise DeviceNotConnected(f"{self.name} is {self._state.state}{detail}")
            if len(self._writes) >= MAX_QUEUED_WRITES:
                raise DeviceBusy(f"{self.name}: {MAX_QUEUED_WRITES} writes already waiting")
            self._writes.append(bytes(data))
        self._wake()

    def emit(self, event: Event) -> None:
        self._emit(event)

    def _wake(self) -> None:
        port = self._port
        cancel = getattr(port, "cancel_read", None)
        if cancel is not None:
            # a port closing under us raises here; the thread notices on its own
            with contextlib.suppress(OSError, ValueError, TypeError, serial.SerialException):
                cancel()

    # -- the link's thread ----------------------------------------------------

    def _set_state(self, state: DeviceStateName, detail: str = "") -> None:
        with self._lock:
            if (self._state.state, self._state.detail) == (state, detail):
                return
            self._state = event = DeviceState(self.name, state, detail)
            if state != "connected" and not self.driver.keeps_writes_offline:
                self._writes.clear()  # a beep for a scan long gone means nothing later
        log.info("device %s: %s %s", self.name, state, detail)
        self._emit(event)

    def _run(self) -> None:
        failures = 0
        self._set_state("connecting")
        while not self._stop.is_set():
            try:
                spec = self._resolve()
                port = open_port(spec, read_timeout=self._read_timeout)
            except (ConfigError, serial.SerialException, OSError, ValueError) as exc:
                self._set_state("error", _describe(exc))
                self._idle(self._delay(failures))
                failures += 1
                continue
            failures = 0
            detail = self._serve(port, spec)
            if self._stop.is_set():
                break
            self._set_state("disconnected", detail)
            self._idle(self._delay(0))
        self._set_state("disconnected", "stopped")

    def _delay(self, failures: int) -> float:
        initial, most = self._backoff
        return min(most, initial * 2 ** min(failures, 16))

    def _idle(self, seconds: float) -> None:
        """Wait before the next attempt, still giving the driver its ticks (deadlines)."""
        end = time.monotonic() + seconds
        while not self._stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                break
            self._stop.wait(min(left, 0.1))
            self.driver.tick(time.monotonic(), self)

    def _serve(self, port, spec: DeviceSpec) -> str:
        """Read, frame, decode and write until the line drops or we stop; returns why."""
        framer = self.driver.make_framer(spec.port)
        with self._lock:
            self._port = port
        self._set_state("connected", spec.url)
        detail = "stopped"
        try:
            self.driver.on_connected(self)
            while not self._stop.is_set():
                self._flush_writes(port)
                data = port.read(max(1, port.in_waiting))
                now = time.monotonic()
                for piece in framer.feed(data, now) if data else framer.poll(now):
                    self._handle(piece)
                self.driver.tick(now, self)
            # Stopping: what the till queued before stop() still goes out (a receipt
            # printed just before the till shuts down), bounded by the write timeout.
            self._flush_writes(port)
            port.flush()  # and has left before the port closes
        except (serial.SerialException, OSError) as exc:
            detail = _describe(exc)
        finally:
            with self._lock:
                self._port = None
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()
        for piece in framer.poll(float("inf")):  # a frame cut off by the unplug
            self._handle(piece)
        return detail

    def _handle(self, piece: Piece) -> None:
        """The driver decodes; a bug there costs this frame, never the reader thread."""
        try:
            self.driver.handle(piece, self)
        except Exception as exc:
            log.exception("device %s: driver failed on %r", self.name, piece)
            self._emit(DecodeError(self.name, piece.raw, f"driver error: {exc!r}"))

    def _flush_writes(self, port) -> None:
        while True:
            with self._lock:
                if not self._writes:
                    return
                data = self._writes[0]
            try:
                port.write(data)
            except BaseException:
                if not self.driver.keeps_writes_offline:
                    with self._lock:
                        if self._writes and self._writes[0] is data:
                            self._writes.popleft()
                raise
            with self._lock:
                if self._writes and self._writes[0] is data:
                    self._writes.popleft()


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
