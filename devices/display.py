"""Customer display codec: a 2 × 20 VFD pole display, Epson ESC/POS display command set.

The shopper's side of the till (Epson DM-D and the many pole displays that speak
its commands). What the till sends, and all the decoder needs to know:

    ESC @            0x1B 0x40        initialise: clear, cursor home, code page PC437
    ESC t n          0x1B 0x74 n      code page (n = 5: PC865 Nordic, so æ ø å show)
    CLR              0x0C             clear the screen, cursor home
    US $ x y         0x1F 0x24 x y    cursor to column x (1–20), row y (1–2)
    CR / LF          0x0D / 0x0A      column 1 / next row
    text             0x20–0xFF        characters at the cursor, which moves right

`show(line1, line2)` writes both rows whole (padded to 20, so nothing of an older
text is left) after positioning the cursor, without clearing first: no flicker.
`DisplayDecoder` keeps the 2 × 20 grid a shopper would see; unknown ESC/US
commands are skipped by their length and counted; it never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.printer import CODE_PAGES, PAGE_NUMBERS, printable

COLUMNS, ROWS = 20, 2
ESC, US, CLR, CR, LF = 0x1B, 0x1F, 0x0C, 0x0D, 0x0A
INIT = bytes([ESC, ord("@")])
CODEPAGE = "cp865"
_ESC_ARGS = {ord("@"): 0, ord("t"): 1, ord("="): 1, ord("R"): 1}
_US_ARGS = {ord("$"): 2, ord("X"): 1, ord("E"): 1, ord("C"): 1, 0x01: 0, 0x02: 0, 0x03: 0}


def fit(text: str) -> str:
    """One row: cut or padded to 20 characters."""
    return text[:COLUMNS].ljust(COLUMNS)


def row(left: str, right: str = "") -> str:
    """`left` and `right` on one row, `right` aligned to the end; `left` gives way."""
    room = COLUMNS - len(right) - (1 if right else 0)
    left = left[:max(0, room)]
    return fit(left + " " * (COLUMNS - len(left) - len(right)) + right)


def centred(text: str) -> str:
    return fit(text[:COLUMNS].center(COLUMNS))


def show(line1: str, line2: str, *, codepage: str = CODEPAGE) -> bytes:
    """Both rows, whole, code page selected (cheap enough to send on every change)."""
    out = bytearray([ESC, ord("t"), PAGE_NUMBERS[codepage]])
    for y, text in ((1, line1), (2, line2)):
        out += bytes([US, ord("$"), 1, y])
        out += printable(fit(text), codepage).encode(codepage, errors="replace")
    return bytes(out)


@dataclass
class DisplayDecoder:
    """Streaming bytes → the 2 × 20 characters on the glass."""

    codepage: str = "cp437"
    unknown: int = 0
    grid: list[list[str]] = field(default_factory=lambda: [[" "] * COLUMNS for _ in range(ROWS)])
    _x: int = 0
    _y: int = 0
    _buf: bytearray = field(default_factory=bytearray)

    @property
    def lines(self) -> tuple[str, str]:
        return "".join(self.grid[0]), "".join(self.grid[1])

    def feed(self, data: bytes) -> tuple[str, str]:
        self._buf += data
        i = 0
        while i < len(self._buf):
            used = self._step(i)
            if used == 0:  # a command cut off: wait for the rest
                break
            i += used
        del self._buf[:i]
        return self.lines

    def _clear(self) -> None:
        self.grid = [[" "] * COLUMNS for _ in range(ROWS)]
        self._x = self._y = 0

    def _step(self, i: int) -> int:
        byte = self._buf[i]
        if byte in (ESC, US):
            return self._command(i, _ESC_ARGS if byte == ESC else _US_ARGS)
        if byte == CLR:
            self._clear()
        elif byte == CR:
            self._x = 0
        elif byte == LF:
            self._y = min(ROWS - 1, self._y + 1)
        elif byte >= 0x20:
            self.grid[self._y][self._x] = bytes([byte]).decode(self.codepage, errors="replace")
            if self._x < COLUMNS - 1:
                self._x += 1
            elif self._y < ROWS - 1:
                self._x, self._y = 0, self._y + 1
        return 1

    def _command(self, i: int, table: dict[int, int]) -> int:
        buf = self._buf
        if len(buf) - i < 2:
            return 0
        cmd = buf[i + 1]
        nargs = table.get(cmd)
        if nargs is None:
            self.unknown += 1
            return 2
        if len(buf) - i < 2 + nargs:
            return 0
        if buf[i] == ESC and cmd == ord("@"):
            self._clear()
            self.codepage = "cp437"
        elif buf[i] == ESC and cmd == ord("t"):
            self.codepage = CODE_PAGES.get(buf[i + 2], self.codepage)
        elif buf[i] == US and cmd == ord("$"):
            self._x = min(max(buf[i + 2], 1), COLUMNS) - 1
            self._y = min(max(buf[i + 3], 1), ROWS) - 1
        return 2 + nargs
