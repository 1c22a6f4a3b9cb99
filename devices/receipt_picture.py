"""A picture of what the receipt printer put on paper: ESC/POS bytes → PNG.

80 mm paper at 203 dpi is 576 dots wide; font A is 12 × 24 dots, 48 characters a
line. Text is drawn in that fixed cell grid (any font then prints as a monospaced
one), in DejaVu Sans Mono when the machine has it, else Pillow's built-in font.
`GS !` sizes (and `ESC !`'s double height and width) are drawn as the printer does, by
scaling the normal-size line (so a title is twice as wide and twice as tall as the
amounts); `ESC E` (and `ESC !` bit 3) is bold; `ESC a` aligns. Barcodes (`GS k`) are
drawn as bars from python-barcode's module pattern and QR codes (`GS ( k`) from
segno's matrix, so a scanner (or zxing-cpp in the tests) reads back exactly the data
the till sent.

Used by `pos-devices printer last --png FILE` and `printer render FILE --png OUT`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from devices.escpos_decoder import EscPosDecoder, PrintedCode, PrintedText

__all__ = ["NothingPrinted", "barcode_image", "glyph_font", "picture", "qr_image", "receipts_in",
           "render_escpos", "texts"]

PAPER_DOTS = 576
"""80 mm paper at 203 dpi (8 dots per mm), the printable width of an 80 mm printer."""
CELL_W, CELL_H = 12, 24
"""Font A: 48 characters of 12 dots on 576 dots; 24 dots a line."""
MARGIN = 8
"""Blank dots above and below the print; none at the sides, where 48 cells fill the 576 dots
(the paper's side margins lie outside the printable width)."""
MODULE = 2  # dots per barcode module / QR module (a 0.25 mm bar)
BAR_HEIGHT = 80
QR_MODULE = 4
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSansMono.ttf",
    "/usr/share/fonts/dejavu/DejaVuSansMono.ttf",
)
BOLD_FONT_FILES = tuple(f.replace("Mono.ttf", "Mono-Bold.ttf") for f in FONT_FILES)


class NothingPrinted(ValueError):
    """The stream holds no completed receipt (nothing before a cut)."""


def receipts_in(data: bytes) -> list[list[PrintedText | PrintedCode]]:
    """Every receipt in an ESC/POS stream, as laid out on paper (a last uncut one too)."""
    decoder = EscPosDecoder()
    decoder.feed(data)
    layouts = list(decoder.layouts)
    if decoder.pending.strip():  # the paper after the last cut: still a receipt to look at
        decoder.feed(b"\x1bi")  # (unless an unfinished command at the end swallows the cut)
        layouts += decoder.layouts[len(layouts):]
    return layouts


def render_escpos(data: bytes, out: Path, *, which: int = -1) -> Path:
    """The `which`-th receipt of `data` (default: the last) as a PNG at `out`."""
    layouts = receipts_in(data)
    if not layouts:
        raise NothingPrinted("nothing was printed in this stream")
    picture(layouts[which]).save(out, format="PNG")
    return out


def picture(layout: Sequence[PrintedText | PrintedCode]):
    """A PIL image (mode "L", 576 dots wide) of one receipt."""
    from PIL import Image

    pieces = [_piece(element) for element in layout]
    height = MARGIN * 2 + sum(p.height for p, _ in pieces)
    paper = Image.new("L", (PAPER_DOTS, max(height, CELL_H)), 255)
    y = MARGIN
    for image, align in pieces:
        paper.paste(image, (_x(image.width, align), y))
        y += image.height
    return paper


def _x(width: int, align: int) -> int:
    if align == 1:
        return max(0, (PAPER_DOTS - width) // 2)
    if align == 2:
        return max(0, PAPER_DOTS - width)
    return 0


def _piece(element: PrintedText | PrintedCode):
    if isinstance(element, PrintedText):
        return _text(element), element.align
    try:
        if element.symbology == "QR":
            return qr_image(element.data), element.align
        return barcode_image(element.symbology, element.data), element.align
    except Exception:  # data the symbology cannot carry (the printer would print nothing)
        return _text(PrintedText(f"[{element.symbology} {element.data}]")), element.align


def _text(line: PrintedText):
    from PIL import Image, ImageDraw

    font = glyph_font(line.bold)
    image = Image.new("L", (max(1, len(line.text)) * CELL_W, CELL_H), 255)
    draw = ImageDraw.Draw(image)
    for column, char in enumerate(line.text):
        if not char.isspace():
            draw.text((column * CELL_W + CELL_W // 2, CELL_H // 2), char, fill=0, font=font,
                      anchor="mm")
    if line.width > 1 or line.height > 1:  # GS !: the printer scales its glyphs
        image = image.resize((image.width * line.width, image.height * line.height),
                             Image.Resampling.NEAREST)
    return image


@lru_cache(maxsize=8)
def glyph_font(bold: bool, size: int = 20):
    from PIL import ImageFont

    for path in BOLD_FONT_FILES if bold else FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    try:
        return ImageFont.load_default(size=size)  # FreeType's built-in font
    except (TypeError, OSError):  # an old or FreeType-less Pillow: its bitmap font
        return ImageFont.load_default()


def barcode_image(symbology: str, data: str):
    """Bars at `MODULE` dots a module, with the quiet zones a scanner needs."""
    import barcode
    from PIL import Image, ImageDraw

    kind = {"CODE128": "code128", "EAN13": "ean13", "EAN8": "ean8", "UPCA": "upca",
            "CODE39": "code39", "ITF": "itf"}.get(symbology)
    if kind is None:
        raise ValueError(f"cannot draw a {symbology} barcode")
    options = {"add_checksum": False} if kind == "code39" else {}
    modules = barcode.get(kind, data, **options).build()[0]
    quiet = 10
    width = min(PAPER_DOTS - 2 * MARGIN, (len(modules) + 2 * quiet) * MODULE)
    module = max(1, width // (len(modules) + 2 * quiet))
    image = Image.new("L", ((len(modules) + 2 * quiet) * module, BAR_HEIGHT + 8), 255)
    draw = ImageDraw.Draw(image)
    for i, bit in enumerate(modules):
        if bit == "1":
            x = (quiet + i) * module
            draw.rectangle((x, 4, x + module - 1, 4 + BAR_HEIGHT), fill=0)
    return image


def qr_image(data: str, module: int = QR_MODULE):
    import segno
    from PIL import Image

    matrix = [list(row) for row in segno.make_qr(data, error="m").matrix]
    quiet = 4
    size = (len(matrix) + 2 * quiet) * module
    image = Image.new("L", (size, size), 255)
    pixels = image.load()
    for row, values in enumerate(matrix):
        for col, dark in enumerate(values):
            if dark:
                x0, y0 = (col + quiet) * module, (row + quiet) * module
                for dy in range(module):
                    for dx in range(module):
                        pixels[x0 + dx, y0 + dy] = 0
    return image


def texts(layout: Iterable[PrintedText | PrintedCode]) -> list[str]:
    """The text lines of a layout (what a test compares with the decoded receipt)."""
    return [e.text for e in layout if isinstance(e, PrintedText)]
