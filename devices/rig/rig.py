"""The virtual device rig: a pty pair and an emulator per device, a ports file, a control socket.

    with Rig("var", baud=115200) as rig:          # or `pos-devices up`
        hub = DeviceHub.from_ports_file(rig.ports_file)
        rig.scan("7038010000706", aim="]E0")

Layout under `base_dir` (default `./var`, or `$POS_DEVICES_DIR`):

    ports.json            device → path and line settings (the till reads this)
    devices.sock          control socket, mode 0600
    rig/dev/<device>      stable symlink to the device's current pty
    rig/printer/receipt-0001.txt   what the till printed, one file per cut

`Rig` and `RigClient` (over the socket) offer the same operations, so tests,
scenarios and the till's demo panel can drive either.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
from pathlib import Path
from typing import Any

from devices import scanner
from devices.config import DeviceSpec, PortSettings, write_ports_file
from devices.errors import RigError
from devices.rig.control import RigClient
from devices.rig.emulator import PortEmulator
from devices.rig.emulators import (
    CardReaderEmulator,
    DisplayEmulator,
    PrinterEmulator,
    ScannerEmulator,
)
from devices.rig.scale_emulator import PROFILES, ScaleEmulator
from devices.rig.server import ControlServer, check_socket_path
from devices.rig.terminal import OUTCOMES, TerminalEmulator
from devices.rig.vport import VirtualPort

# name → (kind, default baud, ports-file options)
DEVICES: dict[str, tuple[str, int, dict[str, Any]]] = {
    "scanner": ("scanner", 9600, {"suffix": "cr", "aim": "auto"}),
    "handheld": ("scanner", 115200, {"suffix": "cr", "aim": "auto"}),
    "msr": ("card_reader", 9600, {"source": "msr"}),
    "rfid": ("card_reader", 9600, {"source": "rfid"}),
    "nfc": ("card_reader", 115200, {"source": "nfc"}),
    "terminal": ("payment_terminal", 115200, {}),
    "printer": ("printer", 38400, {}),
    "display": ("display", 9600, {}),
    "scale": ("scale", 9600, {"mode": "request"}),
    "bagging": ("scale", 9600, {"mode": "watch"}),
}
CARD_SOURCES = ("msr", "rfid", "nfc")
OPT_IN = ("scale", "bagging")
"""Devices a rig has only when asked (`devices=["+scale"]`, `pos-devices up --devices +scale`):
a till with a scale weighs kg items instead of asking for typed grams."""


def rig_device_names(devices: list[str] | tuple[str, ...] | None) -> list[str]:
    """The rig's devices: those named, or the default set plus every `+name`."""
    names = list(devices or ())
    added = [n[1:] for n in names if n.startswith("+")]
    if not names or added:
        base = [n for n in DEVICES if n not in OPT_IN]
        names = [*base, *(n for n in added if n not in base),
                 *(n for n in names if not n.startswith("+") and n not in base)]
    return names


class Rig:
    def __init__(
        self,
        base_dir: str | os.PathLike = "var",
        *,
        devices: list[str] | tuple[str, ...] | None = None,
        baud: int | dict[str, int] | None = None,
        auto_pay: str | None = None,
        terminal_timeout: float = 60.0,
        terminal_step_delay: float = 0.3,
        seed: int | None = None,
        control: bool = True,
    ) -> None:
        self.base_dir = Path(base_dir).absolute()
        self.ports_file = self.base_dir / "ports.json"
        self.socket_path = self.base_dir / "devices.sock"
        self.state_dir = self.base_dir / "rig"
        names = rig_device_names(devices)
        unknown = [n for n in names if n not in DEVICES]
        if unknown:
            raise RigError(f"unknown rig device(s) {unknown}; the rig has {list(DEVICES)}")
        if auto_pay is not None and auto_pay not in OUTCOMES:
            raise RigError(f"auto pay must be one of {OUTCOMES}")
        self.names = names
        self._baud = baud
        self._auto_pay = auto_pay
        self._terminal = (terminal_timeout, terminal_step_delay)
        self._rng = random.Random(seed)
        self._control = control
        self._server: ControlServer | None = None
        self._emulators: dict[str, PortEmulator] = {}
        self._specs: dict[str, DeviceSpec] = {}
        self._lock = threading.Lock()
        self._started = False
        self.stopped = threading.Event()

    # -- life cycle -----------------------------------------------------------

    def start(self) -> Rig:
        if self._started:
            return self
        if self._control:
            check_socket_path(self.socket_path)
            self._refuse_second_rig()
        self.state_dir.mkdir(parents=True, exist_ok=True)
        try:
            for name in self.names:
                self._add(name)
            self._write_ports()
            if self._control:
                self._server = ControlServer(self.socket_path, self.dispatch)
                self._server.start()
        except BaseException:
            self.stop()
            raise
        self._started = True
        return self

    def _refuse_second_rig(self) -> None:
        try:
            info = RigClient(self.socket_path, timeout=1.0).ping()
        except RigError:  # nobody answers: a stale socket from a crashed rig is ours to replace
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()
            return
        raise RigError(
            f"a rig (pid {info.get('pid')}) already runs at {self.socket_path}; "
            "stop it with `pos-devices down` or use another --dir"
        )

    def _add(self, name: str) -> None:
        kind, default_baud, options = DEVICES[name]
        baud = self._baud.get(name, default_baud) if isinstance(self._baud, dict) else self._baud
        settings = PortSettings(baud=baud or default_baud)
        port = VirtualPort(self.state_dir / "dev" / name)
        port.plug()
        rng = random.Random(self._rng.random())
        if kind == "scanner":
            emulator: PortEmulator = ScannerEmulator(
                name, port, settings, rng, scanner.DEFAULT_FORMAT
            )
        elif kind == "card_reader":
            emulator = CardReaderEmulator(name, port, settings, rng, options["source"])
        elif kind == "payment_terminal":
            timeout, step = self._terminal
            emulator = TerminalEmulator(
                name, port, settings, rng, auto=self._auto_pay, timeout=timeout, step_delay=step
            )
        elif kind == "display":
            emulator = DisplayEmulator(name, port, settings, rng)
        elif kind == "scale":
            emulator = ScaleEmulator(name, port, settings, rng, PROFILES[options["mode"]])
        else:
            emulator = PrinterEmulator(name, port, settings, rng, self.state_dir / name)
        self._emulators[name] = emulator
        self._specs[name] = DeviceSpec(name, kind, str(port.link_path), settings, dict(options))
        emulator.start()

    def stop(self) -> None:
        """Stop everything; the ports file and socket go, the receipts stay."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        for emulator in self._emulators.values():
            emulator.stop()
        self._emulators.clear()
        if self._specs:
            with contextlib.suppress(FileNotFoundError):
                self.ports_file.unlink()
        self._specs.clear()
        self._started = False
        self.stopped.set()

    def __enter__(self) -> Rig:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _write_ports(self) -> None:
        with self._lock:
            extra = {
                name: {
                    "pty": em.port.pty_path if em.port.plugged else None,
                    "plugged": em.port.plugged,
                }
                for name, em in self._emulators.items()
            }
            rig = {
                "pid": os.getpid(),
                "control": str(self.socket_path) if self._control else None,
                "state_dir": str(self.state_dir),
            }
            write_ports_file(self.ports_file, self._specs, rig=rig, extra=extra)

    # -- operations (the same on RigClient) -----------------------------------

    def emulator(self, device: str) -> PortEmulator:
        try:
            return self._emulators[device]
        except KeyError:
            raise RigError(
                f"no device {device!r} in this rig; it has {list(self._emulators)}"
            ) from None

    def _of_kind(self, device: str, cls: type) -> Any:
        emulator = self.emulator(device)
        if not isinstance(emulator, cls):
            raise RigError(f"{device} is a {emulator.kind}, not a {cls.kind}")
        return emulator

    def scan(
        self, data: str, aim: str | None = None, device: str = "scanner", count: int = 1,
        stall_ms: int = 0,
    ) -> dict:
        em = self._of_kind(device, ScannerEmulator)
        return em.call(em.scan, data, aim, count, None, stall_ms)

    def card(
        self, value: str, as_: str = "msr", device: str | None = None, corrupt: bool = False
    ) -> dict:
        if as_ not in CARD_SOURCES:
            raise RigError(f"--as takes msr, rfid or nfc, not {as_!r}")
        if device is None:
            device = next(
                (
                    n
                    for n, e in self._emulators.items()
                    if isinstance(e, CardReaderEmulator) and e.source == as_
                ),
                as_,
            )
        em = self._of_kind(device, CardReaderEmulator)
        if em.source != as_:
            raise RigError(f"{device} is a {em.source} reader, not {as_}")
        return em.call(em.card, value, corrupt)

    def pay(self, outcome: str, device: str = "terminal") -> dict:
        em = self._of_kind(device, TerminalEmulator)
        return em.call(em.pay, outcome)

    def unplug(self, device: str) -> dict:
        em = self.emulator(device)
        result = em.call(em.unplug)
        self._write_ports()
        return result

    def replug(self, device: str) -> dict:
        em = self.emulator(device)
        result = em.call(em.replug)
        self._write_ports()
        return result

    def noise(self, device: str, nbytes: int = 64) -> dict:
        em = self.emulator(device)
        return em.call(em.noise, nbytes)  # type: ignore[attr-defined]

    def status(self) -> dict:
        return {
            "rig": {
                "pid": os.getpid(),
                "base_dir": str(self.base_dir),
                "ports_file": str(self.ports_file),
                "control": str(self.socket_path) if self._control else None,
            },
            "devices": {name: em.call(em.status) for name, em in self._emulators.items()},
        }

    def last_receipt(self, device: str = "printer") -> dict:
        em = self._of_kind(device, PrinterEmulator)
        return em.call(em.last_receipt)

    def drawer(self, action: str = "status", device: str = "printer") -> dict:
        """The cash drawer on the printer's kick-out connector: `status`, `close`, or `open`
        (with its key, no kick)."""
        em = self._of_kind(device, PrinterEmulator)
        actions = {"status": em.drawer, "close": em.close_drawer, "open": em.open_drawer_by_key}
        if action not in actions:
            raise RigError(f"drawer takes status, close or open, not {action!r}")
        return em.call(actions[action])

    def display(self, device: str = "display") -> dict:
        """What the customer display shows: its two rows."""
        em = self._of_kind(device, DisplayEmulator)
        return em.call(em.show)

    def ping(self) -> dict:
        return {"pid": os.getpid(), "devices": list(self._emulators)}

    def scale_set(self, grams: int, device: str = "scale", unstable: bool = False,
                  overload: bool = False, settle_ms: int = 0) -> dict:
        em = self._of_kind(device, ScaleEmulator)
        return em.call(em.set_weight, grams, unstable, overload, settle_ms)

    def scale_tare(self, grams: int, device: str = "scale") -> dict:
        em = self._of_kind(device, ScaleEmulator)
        return em.call(em.set_tare, grams)

    def scale_silent(self, on: bool, device: str = "scale") -> dict:
        em = self._of_kind(device, ScaleEmulator)
        return em.call(em.set_silent, on)

    def shutdown(self) -> dict:
        """Ask `pos-devices up` to stop (it waits on `stopped`)."""
        self.stopped.set()
        return {"stopping": True}

    OPS = (
        "scan",
        "card",
        "pay",
        "unplug",
        "replug",
        "noise",
        "status",
        "last_receipt",
        "drawer",
        "display",
        "ping",
        "shutdown",
        "scale_set",
        "scale_tare",
        "scale_silent",
    )

    def dispatch(self, op: str, args: dict[str, Any]) -> Any:
        """The control socket's entry: an operation name and its JSON arguments."""
        if op not in self.OPS:
            raise RigError(f"unknown operation {op!r}; known: {', '.join(self.OPS)}")
        if "as" in args:
            args = {**args, "as_": args["as"]}
            del args["as"]
        try:
            return getattr(self, op)(**args)
        except TypeError as exc:
            if "argument" in str(exc):
                raise RigError(f"bad arguments for {op}: {exc}") from None
            raise
