"""Where the devices are and how their lines are set: port settings, device specs, ports file.

A device is opened by a pyserial URL or path (`/dev/ttyUSB0`, a pty path, `loop://`,
`socket://host:port`, `rfc2217://host:port`) with its own baud, byte size, parity
and stop bits. The rig writes a **ports file** (JSON, docs/protocols.md) naming
every device; the till reads it, and re-reads it on every reconnect so a replugged
device is found again wherever it now lives:

    {"version": 1,
     "rig": {"pid": 4242, "control": "/abs/var/devices.sock"},
     "devices": {
        "scanner": {"path": "/abs/var/rig/dev/scanner", "baud": 9600, "kind": "scanner",
                    "options": {"suffix": "cr"}},
        "terminal": {"url": "socket://10.0.0.5:7000", "baud": 115200}}}

Per device: `path` or `url` (required), `kind` (default from the name),
`baud` (9600), `bytesize` (8), `parity` (N/E/O/M/S), `stopbits` (1, 1.5, 2) and
kind-specific `options`. A bare `{"scanner": "/dev/ttyUSB0"}` works too, for
hand-written files (real hardware, socat ptys).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from devices.errors import ConfigError

DeviceKind = Literal["scanner", "card_reader", "payment_terminal", "printer", "display", "scale"]
KINDS: tuple[str, ...] = ("scanner", "card_reader", "payment_terminal", "printer", "display",
                          "scale")
DEFAULT_KINDS: dict[str, str] = {
    "scanner": "scanner",
    "handheld": "scanner",
    "msr": "card_reader",
    "rfid": "card_reader",
    "nfc": "card_reader",
    "terminal": "payment_terminal",
    "printer": "printer",
    "display": "display",
    "scale": "scale",
    "bagging": "scale",
}
PARITIES = ("N", "E", "O", "M", "S")
BYTESIZES = (5, 6, 7, 8)
STOPBITS = (1, 1.5, 2)
PORTS_FILE_VERSION = 1
DIR_ENV = "POS_DEVICES_DIR"


def devices_dir(explicit: str | os.PathLike | None = None) -> Path:
    """`--dir`, else `$POS_DEVICES_DIR`, else `./var`: where ports file and socket live."""
    return Path(explicit or os.environ.get(DIR_ENV) or "var")


def default_ports_file(base: str | os.PathLike | None = None) -> Path:
    return devices_dir(base) / "ports.json"


def default_control_socket(base: str | os.PathLike | None = None) -> Path:
    return devices_dir(base) / "devices.sock"


@dataclass(frozen=True)
class PortSettings:
    baud: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1

    def __post_init__(self) -> None:
        if isinstance(self.baud, bool) or not isinstance(self.baud, int) or self.baud <= 0:
            raise ConfigError(f"baud must be a positive whole number, not {self.baud!r}")
        if self.bytesize not in BYTESIZES:
            raise ConfigError(f"bytesize must be one of {BYTESIZES}, not {self.bytesize!r}")
        if self.parity not in PARITIES:
            raise ConfigError(f"parity must be one of {PARITIES}, not {self.parity!r}")
        if self.stopbits not in STOPBITS:
            raise ConfigError(f"stopbits must be one of {STOPBITS}, not {self.stopbits!r}")

    @property
    def bits_per_byte(self) -> float:
        """Start bit + data bits + parity bit + stop bits: 10 for 8N1."""
        return 1 + self.bytesize + (0 if self.parity == "N" else 1) + self.stopbits

    @property
    def byte_time(self) -> float:
        return self.bits_per_byte / self.baud

    def wire_time(self, nbytes: int) -> float:
        """Seconds `nbytes` take on a line at this setting."""
        return nbytes * self.byte_time

    def to_mapping(self) -> dict[str, Any]:
        return {
            "baud": self.baud,
            "bytesize": self.bytesize,
            "parity": self.parity,
            "stopbits": self.stopbits,
        }


@dataclass(frozen=True)
class DeviceSpec:
    name: str
    kind: str
    url: str
    port: PortSettings = field(default_factory=PortSettings)
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name or not isinstance(self.name, str):
            raise ConfigError("a device needs a name")
        if self.kind not in KINDS:
            raise ConfigError(f"device {self.name}: kind must be one of {KINDS}, not {self.kind!r}")
        if not isinstance(self.url, str) or not self.url:
            raise ConfigError(f"device {self.name}: needs a path or URL")

    @classmethod
    def from_mapping(cls, name: str, entry: Any) -> DeviceSpec:
        """One ports-file entry (a mapping, or just a path) → spec; ConfigError says why not."""
        if isinstance(entry, str):
            entry = {"path": entry}
        if not isinstance(entry, Mapping):
            raise ConfigError(f"device {name}: entry must be a path or an object")
        url = entry.get("url") or entry.get("path")
        kind = entry.get("kind") or DEFAULT_KINDS.get(name)
        if kind is None:
            raise ConfigError(f"device {name}: no kind given and none implied by the name")
        options = entry.get("options", {})
        if not isinstance(options, Mapping):
            raise ConfigError(f"device {name}: options must be an object")
        try:
            port = PortSettings(
                baud=entry.get("baud", 9600),
                bytesize=entry.get("bytesize", 8),
                parity=entry.get("parity", "N"),
                stopbits=entry.get("stopbits", 1),
            )
        except ConfigError as exc:
            raise ConfigError(f"device {name}: {exc}") from None
        return cls(name=name, kind=kind, url=url, port=port, options=dict(options))

    @classmethod
    def from_arg(cls, text: str) -> DeviceSpec:
        """`name=url[,baud=9600][,kind=…][,source=msr]…` from a command line."""
        name, sep, rest = text.partition("=")
        if not sep or not rest:
            raise ConfigError(f"expected name=url[,key=value…], not {text!r}")
        url, *pairs = rest.split(",")
        entry: dict[str, Any] = {"url": url, "options": {}}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep:
                raise ConfigError(f"expected key=value, not {pair!r}")
            if key in ("baud", "bytesize"):
                entry[key] = _int(value, key)
            elif key == "stopbits":
                entry[key] = float(value) if value == "1.5" else _int(value, key)
            elif key in ("parity", "kind"):
                entry[key] = value
            else:
                entry["options"][key] = value
        return cls.from_mapping(name, entry)

    def to_mapping(self) -> dict[str, Any]:
        key = "path" if "://" not in self.url else "url"
        return {
            key: self.url,
            "kind": self.kind,
            **self.port.to_mapping(),
            "options": dict(self.options),
        }


def _int(value: str, key: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, not {value!r}") from None


@dataclass(frozen=True)
class PortsFile:
    devices: dict[str, DeviceSpec]
    rig: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-device rig facts


def parse_ports(data: Any, *, source: str = "ports file") -> PortsFile:
    """Parsed JSON → `PortsFile`; every problem is a ConfigError naming the device."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: must be a JSON object")
    entries = data.get("devices", data)
    if not isinstance(entries, Mapping):
        raise ConfigError(f"{source}: 'devices' must be an object")
    devices, extra = {}, {}
    for name, entry in entries.items():
        if not isinstance(name, str) or name in ("version", "rig"):
            continue
        try:
            devices[name] = DeviceSpec.from_mapping(name, entry)
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from None
        if isinstance(entry, Mapping):
            extra[name] = {k: v for k, v in entry.items() if k in ("pty", "plugged")}
    rig = data.get("rig", {}) if "devices" in data else {}
    return PortsFile(
        devices=devices, rig=dict(rig) if isinstance(rig, Mapping) else {}, extra=extra
    )


def load_ports_file(path: str | os.PathLike) -> PortsFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"ports file {path} not found (is `pos-devices up` running?)") from None
    except OSError as exc:
        raise ConfigError(f"ports file {path}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"ports file {path}: not JSON ({exc.msg} at line {exc.lineno})") from None
    return parse_ports(data, source=f"ports file {path}")


def write_ports_file(
    path: str | os.PathLike,
    devices: Mapping[str, DeviceSpec],
    *,
    rig: Mapping[str, Any] | None = None,
    extra: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Write atomically (temp file + rename) so a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "version": PORTS_FILE_VERSION,
        "rig": dict(rig or {}),
        "devices": {
            name: {**spec.to_mapping(), **dict((extra or {}).get(name, {}))}
            for name, spec in devices.items()
        },
    }
    fd, tmp = tempfile.mkstemp(prefix=".ports-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
