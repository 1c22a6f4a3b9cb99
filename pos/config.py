"""The till's settings: where its devices, backend and data are, and who it is.

Sources, strongest first: command-line flags, `POS_…` environment variables, a
TOML config file (`--config FILE` or `POS_CONFIG`), then the defaults below.
One place decides this so the `pos` command, `make demo`, the headless driver
and tests all read settings the same way.

    [till]                       # POS_ env name in brackets
    ports = "var/ports.json"     # POS_PORTS: the rig's ports file
    backend = "http://127.0.0.1:8700"   # POS_BACKEND
    terminal_key = "…"           # POS_TERMINAL_KEY (or terminal_key_file / POS_TERMINAL_KEY_FILE)
    store = "1001"               # POS_STORE
    register = "3"               # POS_REGISTER
    data_dir = "var/till"        # POS_DATA_DIR: journal (+ signing keys) lives here
    lang = "nb"                  # POS_LANG: nb or en
    mode = "normal"              # POS_MODE: normal or demo
    operators_file = ""          # POS_OPERATORS_FILE: TOML [[operator]] id, name, pin
    [till.devices]               # per-device pyserial URL or path, instead of / over `ports`
    scanner = "/dev/ttyUSB0"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

LANGS = ("nb", "en")
MODES = ("normal", "demo")


class ConfigError(ValueError):
    """A setting that cannot work; the message says which and why."""


@dataclass(frozen=True)
class TillConfig:
    ports: Path | None = None
    devices: Mapping[str, str] = field(default_factory=dict)
    backend: str = "http://127.0.0.1:8700"
    terminal_key: str = ""
    terminal_key_file: Path | None = None
    store: str = "1001"
    register: str = "3"
    data_dir: Path = Path("var/till")
    lang: str = "nb"
    mode: str = "normal"
    operators_file: Path | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ConfigError(f"lang must be one of {LANGS}, not {self.lang!r}")
        if self.mode not in MODES:
            raise ConfigError(f"mode must be one of {MODES}, not {self.mode!r}")
        for name in ("store", "register"):
            value = getattr(self, name)
            if not (str(value).isdigit() and int(value) > 0):
                raise ConfigError(f"{name} must be a positive number, not {value!r}")
        if not self.backend.startswith(("http://", "https://")):
            raise ConfigError(f"backend must be an http(s) URL, not {self.backend!r}")

    @property
    def journal_path(self) -> Path:
        return self.data_dir / "journal.sqlite3"

    def key(self) -> str:
        """The terminal key: given directly, or read from `terminal_key_file`."""
        if self.terminal_key:
            return self.terminal_key
        if self.terminal_key_file is not None:
            try:
                return self.terminal_key_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"cannot read the terminal key file: {exc}") from None
        return ""


_PATHS = {"ports", "terminal_key_file", "data_dir", "operators_file"}
_NAMES = {f.name for f in fields(TillConfig)}


def _coerce(name: str, value: Any) -> Any:
    if name == "devices":
        if not isinstance(value, Mapping):
            raise ConfigError("devices must be a table of name = URL")
        return {str(k): str(v) for k, v in value.items()}
    if name in _PATHS:
        return Path(value) if value not in (None, "") else None
    return str(value)


def _merge(base: TillConfig, values: Mapping[str, Any], source: str) -> TillConfig:
    unknown = sorted(set(values) - _NAMES)
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s) {', '.join(unknown)}")
    changes = {k: _coerce(k, v) for k, v in values.items() if v is not None}
    if "devices" in changes:  # device by device: a later source adds or overrides names
        changes["devices"] = {**base.devices, **changes["devices"]}
    if "data_dir" in changes and changes["data_dir"] is None:
        del changes["data_dir"]
    return replace(base, **changes)


def from_file(path: str | os.PathLike) -> dict[str, Any]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    table = data.get("till", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [till] must be a table")
    return table


def from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """`POS_STORE=1001` → store; `POS_DEVICE_SCANNER=/dev/ttyUSB0` → devices.scanner."""
    values: dict[str, Any] = {}
    devices = {k[len("POS_DEVICE_"):].lower(): v for k, v in env.items()
               if k.startswith("POS_DEVICE_")}
    if devices:
        values["devices"] = devices
    for name in _NAMES - {"devices"}:
        value = env.get(f"POS_{name.upper()}")
        if value is not None:
            values[name] = value
    return values


def load_config(flags: Mapping[str, Any] | None = None, *, config_file: str | None = None,
                env: Mapping[str, str] | None = None) -> TillConfig:
    """Defaults ← config file ← environment ← flags (each only where it says something)."""
    env = os.environ if env is None else env
    config = TillConfig()
    path = config_file or env.get("POS_CONFIG")
    if path:
        config = _merge(config, from_file(path), str(path))
    config = _merge(config, from_env(env), "environment")
    return _merge(config, dict(flags or {}), "flags")
