"""Codes drawn with block characters, for a terminal.

QR: segno's module matrix, two module rows per text line with half blocks (▀ ▄ █).
Like `qrencode -t UTF8`, dark modules are blank and light ones are blocks by default,
so the code reads right on a dark terminal; `invert=True` for light terminals.
Code 128: python-barcode's module string, two modules per character (▌ ▐ █).
segno and python-barcode (which loads Pillow) are imported when a code is drawn, so
`pos-devices phone --help` and the commands that draw nothing start at once.
"""

from __future__ import annotations

QUIET = 2  # light modules around the QR


def qr_text(payload: str, *, invert: bool = False) -> str:
    import segno

    qr = segno.make_qr(payload, error="m")
    matrix = [[bool(v) for v in row] for row in qr.matrix]
    size = len(matrix)
    light_row = [False] * (size + 2 * QUIET)
    rows = [light_row] * QUIET + [[False] * QUIET + r + [False] * QUIET for r in matrix]
    rows += [light_row] * QUIET
    if len(rows) % 2:
        rows.append(light_row)
    # a "lit" cell is drawn with a block: light modules normally, dark ones when inverted
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        chars = []
        for upper_dark, lower_dark in zip(top, bottom, strict=True):
            upper, lower = (upper_dark, lower_dark) if invert else (not upper_dark, not lower_dark)
            chars.append("█" if upper and lower else "▀" if upper else "▄" if lower else " ")
        lines.append("".join(chars))
    return "\n".join(lines)


def code128_modules(text: str) -> str:
    """'1' for a bar module, '0' for a space, quiet zones included."""
    import barcode

    return "0" * 10 + barcode.get_barcode_class("code128")(text).build()[0] + "0" * 10


def code128_text(text: str, *, height: int = 4) -> str:
    modules = code128_modules(text)
    if len(modules) % 2:
        modules += "0"
    glyph = {"11": "█", "10": "▌", "01": "▐", "00": " "}
    row = "".join(glyph[modules[i : i + 2]] for i in range(0, len(modules), 2))
    return "\n".join([row] * height)
