"""Reading ESC/POS back: the byte stream a till sent, as receipts of text and as what
is on the paper.

The rig's printer emulator uses `EscPosDecoder` to turn the stream back into readable
receipts, one per cut (GS V, ESC i, ESC m) or form feed, so testers can read what the
till printed; `devices.receipt_picture` draws its `layouts`. Unknown commands are
skipped by their documented length when known, otherwise ESC/GS plus one byte, and
counted in `EscPosDecoder.unknown`; the decoder never raises on any input. Lines the
till printed large (`printer.LARGE_MARK`) are listed in `EscPosDecoder.large_lines`.
The writing side, and the byte values both sides share, are in `devices.printer`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from devices.printer import (
    BARCODE_NAMES,
    CODE_PAGES,
    DLE,
    ESC,
    FF,
    GS,
    LF,
    PAPER_WIDTH,
)

# ESC x / GS x commands and how many argument bytes follow them.
_ESC_ARGS = {
    ord("@"): 0,
    ord("!"): 1,
    ord("-"): 1,
    ord("2"): 0,
    ord("3"): 1,
    ord("E"): 1,
    ord("G"): 1,
    ord("M"): 1,
    ord("R"): 1,
    ord("a"): 1,
    ord("d"): 1,
    ord("J"): 1,
    ord("t"): 1,
    ord("{"): 1,
    ord("i"): 0,
    ord("m"): 0,
    ord("p"): 3,
    ord("c"): 2,
}
_GS_ARGS = {ord("!"): 1, ord("B"): 1, ord("H"): 1, ord("h"): 1, ord("w"): 1, ord("f"): 1}


@dataclass(frozen=True)
class PrintedText:
    """A line as the printer put it on paper (for a picture of the receipt)."""

    text: str
    align: int = 0  # 0 left, 1 centre, 2 right
    width: int = 1  # character width multiplier (GS ! bits 4-6, plus 1)
    height: int = 1  # character height multiplier (GS ! bits 0-2, plus 1)
    bold: bool = False


@dataclass(frozen=True)
class PrintedCode:
    """A barcode or QR code the printer drew (GS k, GS ( k)."""

    symbology: str  # "CODE128", "EAN13", … or "QR"
    data: str
    align: int = 0


@dataclass
class EscPosDecoder:
    """Streaming ESC/POS → text; `feed()` returns the receipts completed by a cut."""

    width: int = PAPER_WIDTH
    codepage: str = "cp437"
    unknown: int = 0
    status_requests: int = 0
    status_queries: list[int] = field(default_factory=list)
    """The `n` of every DLE EOT n, in order (the emulator answers each)."""
    drawer_kicks: int = 0
    _buf: bytearray = field(default_factory=bytearray)
    _lines: list[str] = field(default_factory=list)
    _line: list[str] = field(default_factory=list)
    _align: int = 0
    _size: int = 0
    _large_now: bool = False
    _qr: bytes = b""
    large_lines: list[str] = field(default_factory=list)
    """Every line printed (partly) in a larger size (GS ! n, n != 0), stripped."""
    layouts: list[list[PrintedText | PrintedCode]] = field(default_factory=list)
    """Per completed receipt, what is on the paper, in order (`devices.receipt_picture`)."""
    cut_offsets: list[int] = field(default_factory=list)
    """Where in the whole stream each completed receipt ends (the byte after its cut)."""
    _layout: list[PrintedText | PrintedCode] = field(default_factory=list)
    _paper: list[str] = field(default_factory=list)  # the line's text without code placeholders
    _line_size: int = 0
    _line_had_code: bool = False
    _bold: bool = False
    _base: int = 0  # stream offset of _buf[0]
    _pos: int = 0  # offset in _buf of the command being handled

    def feed(self, data: bytes) -> list[str]:
        self._buf += data
        receipts: list[str] = []
        i = 0
        while i < len(self._buf):
            self._pos = i
            used = self._step(i, receipts)
            if used == 0:  # an incomplete command: wait for more bytes
                break
            i += used
        del self._buf[:i]
        self._base += i
        return receipts

    @property
    def pending(self) -> str:
        """Text printed since the last cut (what a torn-off receipt would show)."""
        return "\n".join([*self._lines, "".join(self._line)]).rstrip("\n")

    def _end_line(self) -> None:
        text = "".join(self._line)
        self._line.clear()
        if self._large_now and text.strip():
            self.large_lines.append(text.strip())
        self._large_now = False
        paper = "".join(self._paper)
        self._paper.clear()
        if paper or not self._line_had_code:
            size = self._line_size
            self._layout.append(PrintedText(paper, self._align, (size >> 4 & 7) + 1,
                                            (size & 7) + 1, self._bold))
        self._line_had_code = False
        self._line_size = self._size
        if self._align == 1:
            text = text.center(self.width).rstrip()
        elif self._align == 2:
            text = text.rjust(self.width)
        self._lines.append(text)

    def _cut(self, receipts: list[str]) -> None:
        if self._line:
            self._end_line()
        while self._lines and not self._lines[-1].strip():
            self._lines.pop()
        while self._layout and isinstance(self._layout[-1], PrintedText) \
                and not self._layout[-1].text.strip():
            self._layout.pop()
        if self._lines:
            receipts.append("\n".join(self._lines) + "\n")
            self.layouts.append(list(self._layout))
            self.cut_offsets.append(self._base + self._pos)
        self._lines.clear()
        self._layout.clear()

    def _step(self, i: int, receipts: list[str]) -> int:
        buf, byte = self._buf, self._buf[i]
        if byte == LF:
            self._end_line()
            return 1
        if byte == FF:
            self._cut(receipts)
            return 1
        if byte == ESC:
            return self._esc(i, receipts)
        if byte == GS:
            return self._gs(i, receipts)
        if byte == DLE:
            if len(buf) - i < 3:
                return 0
            if buf[i + 1] == 0x04:
                self.status_requests += 1
                self.status_queries.append(buf[i + 2])
            return 3
        if byte >= 0x20 or byte == 0x09:
            end = i + 1
            while end < len(buf) and (buf[end] >= 0x20 or buf[end] == 0x09):
                end += 1
            piece = bytes(buf[i:end]).decode(self.codepage, errors="replace")
            self._line.append(piece)
            self._paper.append(piece)
            self._line_size = max(self._line_size, self._size)
            self._large_now = self._large_now or self._size != 0
            return end - i
        return 1

    def _esc(self, i: int, receipts: list[str]) -> int:
        buf = self._buf
        if len(buf) - i < 2:
            return 0
        cmd = buf[i + 1]
        nargs = _ESC_ARGS.get(cmd)
        if nargs is None:
            self.unknown += 1
            return 2
        if len(buf) - i < 2 + nargs:
            return 0
        arg = buf[i + 2] if nargs else 0
        if cmd == ord("@"):
            self._align, self.codepage, self._size, self._bold = 0, "cp437", 0, False
        elif cmd == ord("E"):
            self._bold = bool(arg & 1)
        elif cmd == ord("!"):  # print mode: bit 3 emphasised, bit 4 double height, 5 width
            self._bold = bool(arg & 0x08)
            self._set_size((0x10 if arg & 0x20 else 0) | (0x01 if arg & 0x10 else 0))
        elif cmd == ord("t"):
            self.codepage = CODE_PAGES.get(arg, self.codepage)
        elif cmd == ord("a"):
            self._align = arg % 48 if arg >= 48 else arg  # '0'..'2' are accepted too
        elif cmd == ord("d"):
            self._end_line()
            self._lines.extend([""] * max(0, arg - 1))
        elif cmd in (ord("i"), ord("m")):
            self._cut(receipts)
        elif cmd == ord("p"):
            self.drawer_kicks += 1
        return 2 + nargs

    def _gs(self, i: int, receipts: list[str]) -> int:
        buf = self._buf
        if len(buf) - i < 2:
            return 0
        cmd = buf[i + 1]
        if cmd == ord("V"):
            if len(buf) - i < 3:
                return 0
            has_feed = buf[i + 2] in (65, 66)
            if has_feed and len(buf) - i < 4:
                return 0
            self._cut(receipts)
            return 4 if has_feed else 3
        if cmd == ord("k"):
            return self._barcode(i)
        if cmd == ord("("):
            return self._function(i)
        if cmd in _GS_ARGS:
            if len(buf) - i < 2 + _GS_ARGS[cmd]:
                return 0
            if cmd == ord("!"):
                self._set_size(buf[i + 2])
            return 2 + _GS_ARGS[cmd]
        self.unknown += 1
        return 2

    def _set_size(self, size: int) -> None:
        """GS ! n (or ESC ! n's double bits): the size of what is printed from here on."""
        self._size = size
        if not self._line:
            self._line_size = size

    def _barcode(self, i: int) -> int:
        buf = self._buf
        if len(buf) - i < 4:
            return 0
        kind = buf[i + 2]
        if kind >= 65:  # format B: GS k m n d1..dn
            n = buf[i + 3]
            if len(buf) - i < 4 + n:
                return 0
            data, used = bytes(buf[i + 4 : i + 4 + n]), 4 + n
        else:  # format A: GS k m d1..dk NUL
            end = buf.find(b"\x00", i + 3)
            if end < 0:
                return 0 if len(buf) - i < 300 else 3
            data, used = bytes(buf[i + 3 : end]), end + 1 - i
        text = data.decode("ascii", errors="replace").removeprefix("{B")
        name = BARCODE_NAMES.get(kind, str(kind))
        self._line.append(f"[strekkode {name} {text}]")
        self._code(PrintedCode(name, text, self._align))
        return used

    def _code(self, code: PrintedCode) -> None:
        """A code goes on paper where it is, after any text already on its line."""
        if self._paper:
            size = self._line_size
            self._layout.append(PrintedText("".join(self._paper), self._align,
                                            (size >> 4 & 7) + 1, (size & 7) + 1, self._bold))
            self._paper.clear()
        self._layout.append(code)
        self._line_had_code = True

    def _function(self, i: int) -> int:
        """GS ( k pL pH cn fn …: QR store (fn 80) and print (fn 81); others skipped."""
        buf = self._buf
        if len(buf) - i < 5:
            return 0
        size = buf[i + 3] | buf[i + 4] << 8
        if len(buf) - i < 5 + size:
            return 0
        params = bytes(buf[i + 5 : i + 5 + size])
        if buf[i + 2] == ord("k") and len(params) >= 3 and params[0] == 49:
            if params[1] == 80:
                self._qr = params[3:]
            elif params[1] == 81:
                data = self._qr.decode("utf-8", errors="replace")
                self._line.append(f"[QR-kode {data}]")
                self._code(PrintedCode("QR", data, self._align))
        return 5 + size


def decode_receipts(data: bytes) -> tuple[list[str], str]:
    """All receipts in `data` and the text after the last cut (tools and tests)."""
    decoder = EscPosDecoder()
    receipts = decoder.feed(data)
    return receipts, decoder.pending
