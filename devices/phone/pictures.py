"""Pictures from the member's phone: the member card and the Coopay QR as PNG files.

The card is ID-1 size (85.6 × 54 mm) at 300 dpi: the co-op's name, the member's
initials only (never a name or a national id), the card number masked as a receipt
shows it, and the card's barcode (Code 128 of the full number, so it scans at the
till like the plastic card). The Coopay QR is the one-time payload with its quiet
zone, as the app shows it. Tests read both back with zxing-cpp.
"""

from __future__ import annotations

from pathlib import Path

from devices.receipt_picture import barcode_image, glyph_font, qr_image

DPI = 300
CARD_MM = (85.6, 54.0)
CARD_PX = tuple(round(mm / 25.4 * DPI) for mm in CARD_MM)  # 1011 × 638
CO_OP = "Coop"
"""The co-op's name, the same in every language; `label` says what the card is."""


def card_png(card_number: str, *, masked: str, initials: str, out: Path,
             label: str = "") -> Path:
    from PIL import Image, ImageDraw

    if not (1 <= len(initials) <= 3 and initials.isalpha()):
        raise ValueError("a member card shows the member's initials only (1 to 3 letters)")
    if card_number[-4:] not in masked or any(c.isdigit() for c in masked[:-4]):
        raise ValueError("the card number under the name is masked but for its last 4 digits")
    width, height = CARD_PX
    card = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=40, outline=0, width=4)
    draw.rectangle((4, 30, width - 5, 130), fill=40)  # the co-op's band
    draw.text((60, 80), CO_OP, fill=255, font=glyph_font(True, 56), anchor="lm")
    draw.text((width - 60, 80), label, fill=255, font=glyph_font(False, 40), anchor="rm")
    draw.text((60, 200), initials, fill=0, font=glyph_font(True, 72), anchor="lm")
    draw.text((60, 290), masked, fill=0, font=glyph_font(False, 44), anchor="lm")
    bars = barcode_image("CODE128", card_number)
    bars = bars.resize((bars.width * 2, bars.height * 2), Image.Resampling.NEAREST) \
        if bars.width * 2 <= width - 80 else bars
    card.paste(bars, ((width - bars.width) // 2, height - bars.height - 50))
    card.save(out, format="PNG", dpi=(DPI, DPI))
    return out


def qr_png(payload: str, out: Path) -> Path:
    qr_image(payload, module=8).save(out, format="PNG")  # a phone screen: large modules
    return out
