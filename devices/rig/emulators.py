"""Emulated scanner, card readers and receipt printer (the payment terminal has its own module).

Each speaks the real wire format through the shared codecs in `devices.*`, so the
rig and the till can never disagree about a format without a test noticing.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from devices import card_reader, display, escpos_decoder, printer, scanner
from devices.config import PortSettings
from devices.errors import RigError
from devices.rig.emulator import PortEmulator
from devices.rig.vport import VirtualPort

# Line noise that can never decode as a valid frame of any of our devices: control
# bytes (no EOT/GS/RS, which barcode data may hold, and no ACK/NAK, which the payment
# link reads on their own), DEL, UTF-8 continuation bytes and bytes UTF-8 never uses.
# CR and LF are in it, so noise ends lines the way real noise does.
NOISE_ALPHABET = bytes(
    b
    for b in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xC0), *range(0xF8, 0x100)]
    if b not in (0x04, 0x06, 0x15, 0x1D, 0x1E)
)


class NoisyEmulator(PortEmulator):
    """Any device can have noise injected on its line."""

    def __init__(self, name: str, port: VirtualPort, settings: PortSettings, rng: random.Random):
        super().__init__(name, port, settings)
        self.rng = rng

    def noise(self, nbytes: int) -> dict[str, Any]:
        if not 0 < nbytes <= 65536:
            raise RigError("noise is 1 to 65536 bytes")
        self.send(bytes(self.rng.choice(NOISE_ALPHABET) for _ in range(nbytes)))
        return {"sent": nbytes, "attached": self.port.attached}


class ScannerEmulator(NoisyEmulator):
    """A serial barcode scanner that obeys the till's beep/enable commands."""

    kind = "scanner"

    def __init__(
        self, name, port, settings, rng, fmt: scanner.ScannerFormat = scanner.DEFAULT_FORMAT
    ):
        super().__init__(name, port, settings, rng)
        self.fmt = fmt
        self.enabled = True
        self.beeps = {"good": 0, "bad": 0}
        self.last_command: str | None = None
        self._commands = {seq: cmd for cmd, seq in fmt.commands.items()}
        self._inbuf = bytearray()

    def scan(self, data: str, aim: str | None = None, count: int = 1, on_written=None,
             stall_ms: int = 0) -> dict:
        """`stall_ms`: the scanner stalls that long after the first byte of each frame
        (a fault a tester injects: the till must still read the whole frame)."""
        if not self.enabled:
            raise RigError(f"{self.name} is disabled by the till; it reads nothing until enabled")
        if not 1 <= count <= 100_000:
            raise RigError("count is 1 to 100000")
        if not 0 <= stall_ms <= 60_000:
            raise RigError("stall_ms is 0 to 60000")
        try:
            frame = scanner.encode_scan(data, aim, self.fmt)
        except ValueError as exc:
            raise RigError(str(exc)) from None
        for i in range(count):
            done = on_written if i == count - 1 else None
            if stall_ms:
                self.send(frame[:1], pause_after=stall_ms / 1000)
                self.send(frame[1:], done)
            else:
                self.send(frame, done)
        return {"sent": count, "bytes": len(frame) * count, "attached": self.port.attached}

    def on_input(self, data: bytes) -> None:
        self._inbuf += data
        while True:
            found = [(self._inbuf.find(seq), seq) for seq in self._commands]
            found = [(i, seq) for i, seq in found if i >= 0]
            if not found:
                break
            i, seq = min(found)
            del self._inbuf[: i + len(seq)]
            self._obey(self._commands[seq])
        del self._inbuf[:-64]

    def _obey(self, command: str) -> None:
        self.last_command = command
        if command in ("beep_good", "beep_bad"):
            self.beeps[command.removeprefix("beep_")] += 1
        elif command in ("enable", "disable"):
            self.enabled = command == "enable"

    def on_unplug(self) -> None:
        super().on_unplug()
        self.enabled = True  # power-cycled with the cable

    def status(self) -> dict[str, Any]:
        return {
            **super().status(),
            "enabled": self.enabled,
            "beeps": dict(self.beeps),
            "last_command": self.last_command,
        }


class CardReaderEmulator(NoisyEmulator):
    """Magstripe, RDM6300 or NFC reader: `card()` sends what swiping/tapping would."""

    kind = "card_reader"

    def __init__(self, name, port, settings, rng, source: str):
        super().__init__(name, port, settings, rng)
        self.source = source
        self.reads = 0

    def card(self, value: str, corrupt: bool = False, on_written=None) -> dict:
        try:
            frame = card_reader.encode_card(value, self.source, corrupt=corrupt)  # type: ignore[arg-type]
        except ValueError as exc:
            raise RigError(f"{self.name}: {exc}") from None
        self.send(frame, on_written)
        self.reads += 1
        return {"sent": 1, "bytes": len(frame), "attached": self.port.attached}

    def status(self) -> dict[str, Any]:
        return {**super().status(), "source": self.source, "reads": self.reads}


_RECEIPT_FILE = re.compile(r"receipt-(\d+)\.txt")


class PrinterEmulator(NoisyEmulator):
    """Captures what the till prints: one text file per cut, ESC/POS decoded."""

    kind = "printer"

    def __init__(self, name, port, settings, rng, receipts_dir: Path):
        super().__init__(name, port, settings, rng)
        self.receipts_dir = receipts_dir
        receipts_dir.mkdir(parents=True, exist_ok=True)
        numbers = [
            int(m.group(1))
            for p in receipts_dir.iterdir()
            if (m := _RECEIPT_FILE.fullmatch(p.name))
        ]
        self.next_number = max(numbers, default=0) + 1
        self.printed = 0
        self._decoder = escpos_decoder.EscPosDecoder()
        self._raw = bytearray()
        self._raw_at = 0  # stream offset of _raw[0]
        self.drawer_is_open = False
        self.drawer_openings = 0
        self._kicks_seen = 0

    def on_input(self, data: bytes) -> None:
        """Each receipt is kept twice: as text (`.txt`) and as the bytes the printer got
        (`.escpos`, for `pos-devices printer last --png`, a picture of the paper)."""
        self._raw += data
        for text in self._decoder.feed(data):
            stem = self.receipts_dir / f"receipt-{self.next_number:04d}"
            end = self._decoder.cut_offsets.pop(0) - self._raw_at
            stem.with_suffix(".escpos").write_bytes(bytes(self._raw[:end]))
            stem.with_suffix(".txt").write_text(text, encoding="utf-8")
            del self._raw[:end]
            self._raw_at += end
            self._decoder.layouts.clear()  # kept as bytes; the decoder stays small
            self.next_number += 1
            self.printed += 1
        if self._decoder.drawer_kicks > self._kicks_seen:  # ESC p: the drawer springs open
            self._kicks_seen = self._decoder.drawer_kicks
            self.drawer_is_open = True
            self.drawer_openings += 1
        queries = self._decoder.status_queries
        while queries:  # DLE EOT n: "online, no error", and for n = 1 the drawer sensor
            n = queries.pop(0)
            drawer = printer.DRAWER_OPEN_BIT if n == 1 and self.drawer_is_open else 0
            self.send(bytes([printer.STATUS_ONLINE | drawer]))

    def open_drawer_by_key(self) -> dict[str, Any]:
        """Someone opens the drawer with its key (no kick): the till should journal it."""
        self.drawer_is_open = True
        self.drawer_openings += 1
        return self.drawer()

    def close_drawer(self) -> dict[str, Any]:
        """The cashier pushes the drawer shut (the sensor reads closed from now on)."""
        self.drawer_is_open = False
        return self.drawer()

    def drawer(self) -> dict[str, Any]:
        return {"open": self.drawer_is_open, "openings": self.drawer_openings}

    def last_receipt(self) -> dict[str, Any]:
        files = sorted(self.receipts_dir.glob("receipt-*.txt"))
        if not files:
            return {"path": None, "text": None}
        escpos = files[-1].with_suffix(".escpos")
        return {"path": str(files[-1]), "text": files[-1].read_text(encoding="utf-8"),
                "escpos": str(escpos) if escpos.exists() else None}

    def status(self) -> dict[str, Any]:
        return {
            **super().status(),
            "receipts_dir": str(self.receipts_dir),
            "printed": self.printed,
            "drawer": self.drawer(),
            "unknown_commands": self._decoder.unknown,
            "pending_text": bool(self._decoder.pending),
        }


class DisplayEmulator(NoisyEmulator):
    """A 2 × 20 customer display: decodes what the till sends into what the glass shows."""

    kind = "display"

    def __init__(self, name, port, settings, rng):
        super().__init__(name, port, settings, rng)
        self._decoder = display.DisplayDecoder()
        self.updates = 0

    def on_input(self, data: bytes) -> None:
        self._decoder.feed(data)
        self.updates += 1

    def on_unplug(self) -> None:
        super().on_unplug()
        self._decoder = display.DisplayDecoder()  # power lost with the cable: blank glass

    def show(self) -> dict[str, Any]:
        return {"lines": list(self._decoder.lines), "updates": self.updates}

    def status(self) -> dict[str, Any]:
        return {**super().status(), "lines": list(self._decoder.lines),
                "unknown_commands": self._decoder.unknown}
