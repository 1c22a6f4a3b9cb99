"""The device hub: every configured device, one reader thread each, one stream of events.

The till builds one hub (from the rig's ports file or explicit specs), starts it,
and receives events either through `on_event` (called in the reader threads; the
till hands them to its engine thread) or from the bounded queue
`hub.events` / `hub.get_event(timeout)`. A full queue blocks the reader thread, and
from there the serial line: back-pressure instead of silently dropped scans.

    hub = DeviceHub.from_ports_file("var/ports.json", on_event=app.on_device_event)
    hub.start()
    hub.send("scanner", "beep_good")
    hub.payment.purchase(12_950, request_id=sale_id)
    hub.print_receipt(receipt_text)
    hub.stop()

`options={"terminal": {"response_timeout": 120}}` overrides driver options from the
ports file with the till's own settings.

With a ports file every (re)connect re-reads it, so a device that comes back on a
new path (the rig's replug, a USB adapter on another ttyUSB) is found again.
`start()` and `stop()` are idempotent; `stop()` joins every thread within its
timeout, whether the devices are plugged in or not.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from devices.config import DeviceSpec, load_ports_file
from devices.drivers import (
    DisplayDriver,
    PaymentTerminal,
    PaymentTerminalDriver,
    PrinterDriver,
    Scale,
    ScaleDriver,
    make_driver,
)
from devices.errors import ConfigError, UnknownCommand, UnknownDevice
from devices.events import DeviceState, Event
from devices.link import DeviceLink

log = logging.getLogger(__name__)


class DeviceHub:
    def __init__(
        self,
        devices: Iterable[DeviceSpec] = (),
        *,
        ports_file: str | os.PathLike | None = None,
        on_event: Callable[[Event], None] | None = None,
        queue_size: int = 10_000,
        backoff: tuple[float, float] = (0.05, 2.0),
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.ports_file = Path(ports_file) if ports_file is not None else None
        specs = {spec.name: spec for spec in devices}
        if self.ports_file is not None and not specs:
            specs = dict(load_ports_file(self.ports_file).devices)
        if not specs:
            raise ConfigError("the hub has no devices to open")
        for name, extra in (options or {}).items():  # the till's own settings win
            if name not in specs:
                raise UnknownDevice(f"options for {name!r}, which is not configured")
            specs[name] = replace(specs[name], options={**specs[name].options, **extra})
        self._specs = specs
        self._on_event = on_event
        self.events: queue.Queue[Event] = queue.Queue(maxsize=queue_size)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self._links: dict[str, DeviceLink] = {}
        for name, spec in specs.items():
            self._links[name] = DeviceLink(
                name,
                self._resolver(name),
                make_driver(spec),
                self._emit,
                backoff_initial=backoff[0],
                backoff_max=backoff[1],
            )

    @classmethod
    def from_ports_file(cls, path: str | os.PathLike, **kwargs) -> DeviceHub:
        return cls(ports_file=path, **kwargs)

    def _resolver(self, name: str) -> Callable[[], DeviceSpec]:
        def resolve() -> DeviceSpec:
            if self.ports_file is None:
                return self._specs[name]
            current = load_ports_file(self.ports_file).devices.get(name)
            if current is None:
                raise ConfigError(f"{name} is not in {self.ports_file} any more")
            return current

        return resolve

    # -- life cycle -----------------------------------------------------------

    def start(self) -> DeviceHub:
        with self._lock:
            if self._started:
                return self
            self._started = True
            self._stopping.clear()
        for link in self._links.values():
            link.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        with self._lock:
            if not self._started:
                return
            self._started = False
            self._stopping.set()
        for link in self._links.values():
            link.signal_stop()  # all at once, then join each
        for link in self._links.values():
            link.stop(timeout)

    def __enter__(self) -> DeviceHub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- events ---------------------------------------------------------------

    def _emit(self, event: Event) -> None:
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # the till's callback failing must not kill a reader thread
                log.exception("on_event failed for %r", event)
            return
        while True:  # back-pressure: wait for the consumer, but never past stop()
            try:
                self.events.put(event, timeout=0.1)
                return
            except queue.Full:
                if self._stopping.is_set():
                    return

    def set_on_event(self, callback: Callable[[Event], None] | None) -> None:
        """Deliver events to `callback` in the reader threads (None: back to the queue).

        Set it before `start()`. A callback that blocks holds its reader thread,
        which is how a consumer applies back-pressure down to the serial line.
        """
        self._on_event = callback

    def get_event(self, timeout: float | None = None) -> Event | None:
        """The next event from the queue (None after `timeout`); only without `on_event`."""
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    # -- devices and commands -------------------------------------------------

    @property
    def devices(self) -> list[str]:
        return list(self._links)

    def link(self, device: str) -> DeviceLink:
        try:
            return self._links[device]
        except KeyError:
            raise UnknownDevice(
                f"no device {device!r}; configured: {sorted(self._links)}"
            ) from None

    def state(self, device: str) -> DeviceState:
        return self.link(device).state

    def states(self) -> dict[str, DeviceState]:
        return {name: link.state for name, link in self._links.items()}

    def send(self, device: str, command: str | bytes) -> None:
        """A named command (`beep_good`, `beep_bad`, `enable`, `disable`, …) or raw bytes.

        UnknownCommand for a name the device does not take; DeviceNotConnected while
        it is down (the printer queues instead).
        """
        link = self.link(device)
        data = command if isinstance(command, bytes) else link.driver.command_bytes(command)
        link.write(data)

    def _first(self, kind: type, device: str | None, what: str) -> DeviceLink:
        if device is not None:
            link = self.link(device)
            if not isinstance(link.driver, kind):
                raise UnknownCommand(f"{device} is not a {what}")
            return link
        for link in self._links.values():
            if isinstance(link.driver, kind):
                return link
        raise UnknownDevice(f"no {what} configured")

    @property
    def payment(self) -> PaymentTerminal:
        """The (first) payment terminal: `purchase`, `refund`, `cancel`, `busy`."""
        return self.payment_terminal()

    def payment_terminal(self, device: str | None = None) -> PaymentTerminal:
        link = self._first(PaymentTerminalDriver, device, "payment terminal")
        return PaymentTerminal(link.driver, link)  # type: ignore[arg-type]

    def print_receipt(self, text: str, *, device: str | None = None, cut: bool = True,
                      barcode: str | None = None) -> None:
        """Plain text as ESC/POS (code page PC865), an optional Code 128 under it, cut at
        the end; queued while unplugged."""
        link = self._first(PrinterDriver, device, "printer")
        job = link.driver.encode_text(text, cut=cut, barcode=barcode)  # type: ignore[attr-defined]
        link.write(job)

    def show_customer(self, line1: str, line2: str, *, device: str | None = None) -> None:
        """The two rows of the customer display; nothing when the till has none."""
        try:
            link = self._first(DisplayDriver, device, "customer display")
        except UnknownDevice:
            if device is not None:
                raise
            return
        link.driver.show(line1, line2, link)  # type: ignore[attr-defined]

    def kick_drawer(self, *, device: str | None = None) -> None:
        """Open the cash drawer (ESC p through the printer); its sensor then reports
        `DrawerState` events. Queued while the printer is unplugged."""
        link = self._first(PrinterDriver, device, "printer")
        link.driver.kick_drawer(link)  # type: ignore[attr-defined]

    def print_bytes(self, data: bytes, *, device: str | None = None) -> None:
        """Ready-made ESC/POS (see `devices.printer.EscPos`); queued while unplugged."""
        self._first(PrinterDriver, device, "printer").write(data)

    def scale(self, device: str | None = None) -> Scale:
        """The (first, or named) scale: `weigh(unit_price_ore, tare_g=…)`, `cancel`, `busy`.

        UnknownDevice when none is configured (the till then asks for a typed weight)."""
        link = self._first(ScaleDriver, device, "scale")
        return Scale(link.driver, link)  # type: ignore[arg-type]
