"""Receipt printer codec, the writing side: the ESC/POS subset the till sends.

The till prints through `EscPos` (or `encode_receipt` for plain text): initialise,
select code page PC865 (Nordic, so æ ø å print right), text lines, emphasis and
alignment, barcodes, a QR code, feed, cut, and the cash drawer's kick and sensor
query. Reading it back (the rig's printer, pictures of the paper) is
`devices.escpos_decoder`.

Two things the till's text asks of the printer:
- a line that starts with `LARGE_MARK` (the ASCII SO control character, which
  never occurs in receipt text) is a title: printed centred in double height and
  width (`GS ! 0x11`), then back to normal size. The decoder lists such lines in
  `escpos_decoder.EscPosDecoder.large_lines`, so a test can see what was printed large;
- characters the code page lacks are replaced by printable look-alikes
  (`PRINTABLE_SUBSTITUTES`: "…" → "...", "–" → "-", the thin space in amounts →
  a space) instead of "?".
"""

from __future__ import annotations

ESC, GS, DLE, LF, FF = 0x1B, 0x1D, 0x10, 0x0A, 0x0C
CODE_PAGES = {0: "cp437", 2: "cp850", 5: "cp865", 16: "cp1252", 19: "cp858"}
PAGE_NUMBERS = {name: n for n, name in CODE_PAGES.items()}
ALIGN = {"left": 0, "center": 1, "right": 2}
BARCODE_TYPES = {"upca": 65, "ean13": 67, "ean8": 68, "code39": 69, "itf": 70, "code128": 73}
BARCODE_NAMES = {v: k.upper() for k, v in BARCODE_TYPES.items()} | {
    0: "UPCA",
    2: "EAN13",
    3: "EAN8",
    4: "CODE39",
    5: "ITF",
}
PAPER_WIDTH = 48  # characters per line, font A on 80 mm paper
LARGE_MARK = "\x0e"
"""At the start of a line of receipt text: print the line double-size and centred."""
DOUBLE_SIZE = 0x11  # GS ! n: width x2 (bits 4-6) and height x2 (bits 0-2)
PRINTABLE_SUBSTITUTES = {
    "…": "...", "–": "-", "—": "-", "\u2212": "-", "\u202f": " ", "\u2009": " ",
    "‘": "'", "’": "'", "“": '"', "”": '"', "»": ">>", "€": "EUR",
}
"""What is printed for characters the Nordic code pages lack (instead of '?')."""
STATUS_ONLINE = 0x12  # DLE EOT n answer: online, no error (bits 1 and 4 always set)
DRAWER_KICK = bytes([0x1B, ord("p"), 0, 25, 250])
"""ESC p m t1 t2: a pulse on the drawer kick-out connector (pin 2, 50 ms on, 500 ms off;
t in units of 2 ms). The cash drawer hangs off the receipt printer."""
DRAWER_QUERY = bytes([0x10, 0x04, 1])
"""DLE EOT 1: the printer's status byte; bit 2 is the drawer sensor (connector pin 3)."""
DRAWER_OPEN_BIT = 0x04


def drawer_open(status: int) -> bool | None:
    """The drawer sensor in a DLE EOT 1 answer (bit 2 set: open), or None for a byte that
    is not a status answer (the fixed bits: 1 and 4 set, 0 and 7 clear)."""
    if status & 0b1001_0011 != 0b0001_0010:
        return None
    return bool(status & DRAWER_OPEN_BIT)

class EscPos:
    """A small ESC/POS builder: chain calls, then `to_bytes()`."""

    def __init__(self, codepage: str = "cp865") -> None:
        if codepage not in PAGE_NUMBERS:
            raise ValueError(f"code page must be one of {sorted(PAGE_NUMBERS)}")
        self.codepage = codepage
        self._out = bytearray([ESC, ord("@"), ESC, ord("t"), PAGE_NUMBERS[codepage]])

    def text(self, text: str) -> EscPos:
        """Text as printed; characters the code page lacks are substituted (else '?')."""
        self._out += printable(text.replace("\r\n", "\n"), self.codepage).encode(
            self.codepage, errors="replace")
        return self

    def large_line(self, text: str) -> EscPos:
        """A title: centred, double height and width, then back to normal."""
        return self.align("center").double().line(text).double(False).align("left")

    def line(self, text: str = "") -> EscPos:
        return self.text(text + "\n")

    def bold(self, on: bool = True) -> EscPos:
        self._out += bytes([ESC, ord("E"), int(on)])
        return self

    def align(self, how: str) -> EscPos:
        self._out += bytes([ESC, ord("a"), ALIGN[how]])
        return self

    def double(self, on: bool = True) -> EscPos:
        self._out += bytes([GS, ord("!"), 0x11 if on else 0x00])
        return self

    def feed(self, lines: int = 1) -> EscPos:
        self._out += bytes([ESC, ord("d"), max(0, min(lines, 255))])
        return self

    def barcode(self, data: str, kind: str = "code128") -> EscPos:
        payload = data.encode("ascii")
        if kind == "code128":
            payload = b"{B" + payload  # code set B
        if not 0 < len(payload) < 256:
            raise ValueError("barcode data must be 1 to 253 characters")
        self._out += bytes([GS, ord("k"), BARCODE_TYPES[kind], len(payload)]) + payload
        self._out.append(LF)
        return self

    def qr(self, data: str) -> EscPos:
        payload = data.encode("utf-8")
        size = len(payload) + 3
        store = bytes([GS, ord("("), ord("k"), size & 0xFF, size >> 8, 49, 80, 48]) + payload
        show = bytes([GS, ord("("), ord("k"), 3, 0, 49, 81, 48])
        self._out += store + show + bytes([LF])
        return self

    def kick_drawer(self) -> EscPos:
        self._out += DRAWER_KICK
        return self

    def cut(self, feed_lines: int = 3) -> EscPos:
        self._out += bytes([GS, ord("V"), 66, feed_lines])
        return self

    def to_bytes(self) -> bytes:
        return bytes(self._out)


def encode_receipt(text: str, *, cut: bool = True, codepage: str = "cp865",
                   barcode: str | None = None) -> bytes:
    """Plain receipt text → ESC/POS bytes (initialise, code page, text, cut).

    `barcode` is printed as Code 128 under the text, centred, with its text below:
    the receipt's own code, which the till scans back for a return.
    """
    job = EscPos(codepage)
    lines = text.replace("\r\n", "\n").split("\n")
    for line in lines[:-1] if lines[-1] == "" else lines:
        if line.startswith(LARGE_MARK):
            job.large_line(line[len(LARGE_MARK):].strip())
        else:
            job.line(line)
    if barcode:
        job.align("center").barcode(barcode).line(barcode).align("left")
    return (job.cut() if cut else job).to_bytes()


def printable(text: str, codepage: str) -> str:
    """`text` with every character `codepage` cannot print replaced by a look-alike."""
    out = []
    for char in text:
        try:
            char.encode(codepage)
        except UnicodeEncodeError:
            char = PRINTABLE_SUBSTITUTES.get(char, char)
        out.append(char)
    return "".join(out)
