"""Barcode scanner codec: `[prefix] [AIM id] data [suffix]` and host commands.

Serial scanners (RS-232 or USB-CDC, BRIEF §5) send each read as one line. The
optional AIM symbology identifier (ISO/IEC 15424: `]` + code letter + modifier)
tells which symbology was read; we map it to the names the sale domain's
`parse_barcode` uses (table `AIM_SYMBOLOGIES`, documented in docs/protocols.md).
Data without an AIM id is accepted too (symbology None).

`decode_frame(raw)` is total: any bytes give a `Scan` or a `DecodeError`, never an
exception, so a reader thread can feed it line noise. `encode_scan` is its inverse
(the rig's emulator and the tests use it).

Host → scanner commands (`COMMANDS`) follow the Honeywell serial dialect by
default (`ESC 7 ,` good-read beep, `ESC 8 ,` error tone, `SYN T CR` trigger);
`datalogic` single-letter commands are the alternative. A ports file can override
single commands for other models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from devices.events import DecodeError, Scan, now_utc

AIM_SYMBOLOGIES: dict[str, str] = {
    "]E0": "ean13",
    "]E4": "ean8",
    "]E1": "ean_addon",
    "]E2": "ean_addon",
    "]E3": "ean_addon",
    "]C0": "code128",
    "]C1": "gs1_128",
    "]Q0": "qr",
    "]Q1": "qr",
    "]Q3": "gs1_qr",
    "]d1": "datamatrix",
    "]d2": "gs1_datamatrix",
    "]A0": "code39",
    "]I0": "itf",
    "]I1": "itf",
    "]e0": "gs1_databar",
}

SUFFIXES: dict[str, bytes] = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "tab": b"\t", "none": b""}
AimMode = Literal["auto", "required", "off"]

# GS (FNC1 in GS1 data), RS and EOT (ISO/IEC 15434 envelopes) are legal in barcode data.
DATA_CONTROLS = "\x1d\x1e\x04"
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]")
_AIM_BYTES = re.compile(rb"\][A-Za-z][0-9A-Za-z]")
_FORBIDDEN_BYTES = re.compile(rb"[\x00-\x03\x05-\x1c\x1f\x7f]")
# EAN/UPC/ITF carry digits only; ]E0 carries EAN-13 and UPC-A (12 digits on some scanners).
_DIGITS_ONLY: dict[str, tuple[int, ...] | None] = {
    "ean13": (12, 13),
    "ean8": (8,),
    "ean_addon": None,
    "itf": None,
}

SYN, ESC = b"\x16", b"\x1b"
COMMAND_SETS: dict[str, dict[str, bytes]] = {
    "honeywell": {
        "beep_good": ESC + b"7,",
        "beep_bad": ESC + b"8,",
        "trigger": SYN + b"T\r",
        "untrigger": SYN + b"U\r",
        "enable": SYN + b"M\rSCNENA1!",
        "disable": SYN + b"M\rSCNENA0!",
    },
    "datalogic": {
        "beep_good": b"B",
        "beep_bad": b"F",
        "enable": b"E",
        "disable": b"D",
    },
}


@dataclass(frozen=True)
class ScannerFormat:
    """How one scanner is configured: what surrounds the data and which commands it takes."""

    prefix: bytes = b""
    suffix: str = "cr"
    aim: AimMode = "auto"
    dialect: str = "honeywell"
    command_overrides: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.suffix not in SUFFIXES:
            raise ValueError(
                f"scanner suffix must be one of {sorted(SUFFIXES)}, not {self.suffix!r}"
            )
        if self.aim not in ("auto", "required", "off"):
            raise ValueError(f"aim must be auto, required or off, not {self.aim!r}")
        if self.dialect not in COMMAND_SETS:
            raise ValueError(f"scanner dialect must be one of {sorted(COMMAND_SETS)}")
        if any(b in self.prefix for b in b"\r\n"):
            raise ValueError("a scanner prefix cannot contain CR or LF")

    @property
    def commands(self) -> dict[str, bytes]:
        return {**COMMAND_SETS[self.dialect], **self.command_overrides}


DEFAULT_FORMAT = ScannerFormat()


def _error(device: str, raw: bytes, reason: str, at: datetime | None) -> DecodeError:
    return DecodeError(device=device, raw=raw, reason=reason, at=at or now_utc())


def decode_frame(
    raw: bytes,
    *,
    fmt: ScannerFormat = DEFAULT_FORMAT,
    device: str = "scanner",
    at: datetime | None = None,
) -> Scan | DecodeError:
    """One scanner line (with or without its suffix) → `Scan`, or `DecodeError` saying why."""
    body = raw.rstrip(b"\r\n") if fmt.suffix != "tab" else raw.rstrip(b"\t")
    if fmt.prefix:
        if not body.startswith(fmt.prefix):
            return _error(device, raw, f"missing prefix {fmt.prefix!r}", at)
        body = body[len(fmt.prefix) :]
    if not body:
        return _error(device, raw, "empty frame", at)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _error(device, raw, "not UTF-8 text (line noise?)", at)
    bad = next((ch for ch in text if not (ch.isprintable() or ch in DATA_CONTROLS)), None)
    if bad is not None:
        return _error(device, raw, f"control character {bad!r} in barcode data", at)
    aim = None
    if fmt.aim != "off" and _AIM.match(text):
        aim, text = text[:3], text[3:]
    elif fmt.aim == "required":
        return _error(device, raw, "no AIM symbology identifier", at)
    if not text:
        return _error(device, raw, "AIM identifier without data", at)
    symbology = AIM_SYMBOLOGIES.get(aim) if aim else None
    problem = _symbology_problem(symbology, text)
    if problem:
        return _error(device, raw, problem, at)
    return Scan(device=device, data=text, symbology=symbology, aim=aim, raw=raw, at=at or now_utc())


def _symbology_problem(symbology: str | None, text: str) -> str | None:
    """EAN/ITF carry digits only; a letter there means a misread or a wrong AIM id."""
    if symbology not in _DIGITS_ONLY:
        return None
    if not (text.isascii() and text.isdigit()):
        return f"{symbology} data must be digits"
    lengths = _DIGITS_ONLY[symbology]
    if lengths is not None and len(text) not in lengths:
        allowed = " or ".join(str(n) for n in lengths)
        return f"{symbology} data must have {allowed} digits, not {len(text)}"
    return None


def encode_scan(data: str, aim: str | None = None, fmt: ScannerFormat = DEFAULT_FORMAT) -> bytes:
    """The bytes a scanner sends for `data` (what the rig's emulator writes)."""
    if not data:
        raise ValueError("a scan needs data")
    if aim is not None and not (_AIM.fullmatch(aim)):
        raise ValueError(f"an AIM identifier is ']' + letter + modifier, not {aim!r}")
    if any(ch in "\r\n" for ch in data):
        raise ValueError("barcode data cannot contain CR or LF (they end the frame)")
    return fmt.prefix + (aim or "").encode("ascii") + data.encode("utf-8") + SUFFIXES[fmt.suffix]


def resync_offset(line: bytes, fmt: ScannerFormat = DEFAULT_FORMAT) -> int:
    """Where a real frame starts inside a line polluted by noise (0: the line as it is).

    Used by the line framer when noise is glued in front of a frame (no suffix
    between them): the frame starts at the last configured prefix; without one, after
    the last byte that cannot be barcode data (a control character or invalid UTF-8),
    at an AIM identifier if one follows there. Clean lines are left alone.
    """
    if fmt.prefix:
        return max(line.rfind(fmt.prefix), 0)
    # every frame starts with an AIM id: printable noise in front of one is cut off there
    # (a line that starts with an AIM id is left alone: inside the data a `]` is content;
    # with `auto` a frame may lack the id, so a later `]` is content too)
    if fmt.aim == "required" and not _AIM_BYTES.match(line) and \
            (m := _AIM_BYTES.search(line)) is not None:
        return m.start()
    start = 0
    for m in _FORBIDDEN_BYTES.finditer(line):
        start = m.end()
    while start < len(line):
        try:
            line[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            start += exc.end
    if start == 0 or start >= len(line):
        return 0
    if fmt.aim != "off" and (m := _AIM_BYTES.search(line, start)) is not None:
        return m.start()
    return start


def command_bytes(command: str, fmt: ScannerFormat = DEFAULT_FORMAT) -> bytes:
    """The bytes for a named host command; KeyError lists what this scanner knows."""
    commands = fmt.commands
    if command not in commands:
        raise KeyError(f"scanner command {command!r} unknown; known: {sorted(commands)}")
    return commands[command]
