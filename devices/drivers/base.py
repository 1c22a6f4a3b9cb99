"""What a driver is: the per-device protocol a link runs (Odoo IoT style).

A driver declares how its device frames bytes (`make_framer`), turns frames into
events (`handle`), which commands it accepts (`command_bytes`), and what happens
on connect and with time (`on_connected`, `tick`). The `DeviceLink` owns the port,
the thread and reconnection; the driver owns the meaning of the bytes. Drivers
never touch the port directly: they write through `LinkIO.write` and emit through
`LinkIO.emit`, so the same driver runs over a pty, `loop://` or a real line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from devices.config import DeviceSpec, PortSettings
from devices.errors import ConfigError, UnknownCommand
from devices.events import DecodeError, Event
from devices.framing import Framer, Garbage, Piece

COMMON_OPTIONS = ("gap_ms", "max_len")


class LinkIO(Protocol):
    """What a driver may do with its link."""

    name: str

    def write(self, data: bytes) -> None: ...

    def emit(self, event: Event) -> None: ...

    @property
    def connected(self) -> bool: ...


class Driver:
    """Base driver: options checking, garbage reporting, no commands."""

    kind = "device"
    options_known: tuple[str, ...] = ()
    keeps_writes_offline = False  # True: writes wait for the reconnect instead of failing

    def __init__(self, spec: DeviceSpec) -> None:
        self.name = spec.name
        unknown = set(spec.options) - set(self.options_known) - set(COMMON_OPTIONS)
        if unknown:
            raise ConfigError(
                f"device {spec.name}: unknown option(s) {sorted(unknown)} for a {spec.kind}; "
                f"known: {sorted({*self.options_known, *COMMON_OPTIONS})}"
            )
        self.options: Mapping[str, Any] = spec.options
        self.max_len = _positive_int(spec, "max_len", 1024)
        gap_ms = spec.options.get("gap_ms")
        self.gap_override = None if gap_ms is None else _positive_int(spec, "gap_ms", 0) / 1000

    def gap(self, port: PortSettings, *, minimum: float, byte_times: int) -> float:
        """Silence that ends a partial frame: configured, else the larger of a floor and N bytes."""
        return self.gap_override or max(minimum, byte_times * port.byte_time)

    def make_framer(self, port: PortSettings) -> Framer:  # pragma: no cover - abstract
        raise NotImplementedError

    def handle(self, piece: Piece, link: LinkIO) -> None:
        """Default: garbage becomes a DecodeError; subclasses decode frames."""
        if isinstance(piece, Garbage):
            link.emit(DecodeError(device=link.name, raw=piece.raw, reason=piece.reason))

    def on_connected(self, link: LinkIO) -> None:
        """Called in the link's thread right after the port opened."""

    def tick(self, now: float, link: LinkIO) -> None:
        """Called about every read timeout, connected or not (deadlines live here)."""

    def command_bytes(self, command: str) -> bytes:
        raise UnknownCommand(f"{self.name} ({self.kind}) takes no named commands")


def _positive_int(spec: DeviceSpec, key: str, default: int) -> int:
    value = spec.options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"device {spec.name}: {key} must be a positive whole number")
    return value


def option_bytes(spec: DeviceSpec, key: str, default: bytes = b"") -> bytes:
    """A byte-string option: JSON has no bytes, so text is taken as Latin-1 ("\\u0002" = STX)."""
    value = spec.options.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ConfigError(f"device {spec.name}: {key} must be a string")
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        raise ConfigError(f"device {spec.name}: {key} must be Latin-1 characters") from None


def option_choice(spec: DeviceSpec, key: str, choices: tuple[str, ...], default: str) -> str:
    value = spec.options.get(key, default)
    if value not in choices:
        raise ConfigError(f"device {spec.name}: {key} must be one of {choices}, not {value!r}")
    return value


def option_seconds(spec: DeviceSpec, key: str, default: float) -> float:
    value = spec.options.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigError(f"device {spec.name}: {key} must be a positive number of seconds")
    return float(value)


class _OneRequestAtATime(Protocol):
    pending_request_id: str | None


class RequestHandle:
    """The till's handle on a device that serves one request at a time (the payment
    terminal, the scale): its link's name and state, and whether a request is out."""

    def __init__(self, driver: _OneRequestAtATime, link: LinkIO) -> None:
        self._driver = driver
        self._link = link

    @property
    def device(self) -> str:
        return self._link.name

    @property
    def connected(self) -> bool:
        return self._link.connected

    @property
    def busy(self) -> bool:
        return self._driver.pending_request_id is not None

    @property
    def pending_request_id(self) -> str | None:
        return self._driver.pending_request_id
