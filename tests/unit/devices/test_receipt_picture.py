"""A picture of the printed receipt: what the ESC/POS stream asked for, read back.

Every code drawn is decoded again with zxing-cpp; the title printed double-size is
measured twice as tall as the amounts; any byte stream gives pictures or a clear
"nothing printed", never a crash.
"""

from __future__ import annotations

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.escpos_decoder import PrintedText
from devices.printer import LARGE_MARK, EscPos, encode_receipt
from devices.receipt_picture import (
    PAPER_DOTS,
    NothingPrinted,
    picture,
    receipts_in,
    render_escpos,
    texts,
)

RECEIPT = (f"{LARGE_MARK}SALGSKVITTERING\nCoop Extra Demo\nTine Helmelk 1 l       25,90\n"
           "TOTALT              kr 25,90\nKjøpeutbytte denne handelen  kr 0,39\n")


def _ink_rows(image, top: int, bottom: int) -> int:
    """How many dot rows between top and bottom have any black."""
    width = image.width
    data = image.tobytes()
    return sum(1 for y in range(top, bottom) if min(data[y * width:(y + 1) * width]) < 128)


def test_the_receipt_is_576_dots_wide_its_code_scans_and_the_title_is_double_size(tmp_path):
    out = render_escpos(encode_receipt(RECEIPT, barcode="R3-0000042"), tmp_path / "r.png")
    from PIL import Image

    image = Image.open(out).convert("L")
    assert image.width == PAPER_DOTS
    found = [(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)]
    assert ("Code128", "R3-0000042") in found

    layout = receipts_in(encode_receipt(RECEIPT))[0]
    title, normal = picture(layout[:1]), picture([PrintedText("SALGSKVITTERING")])
    assert layout[0].width == layout[0].height == 2
    assert _ink_rows(title, 0, title.height) >= 1.8 * _ink_rows(normal, 0, normal.height)
    assert texts(layout)[0] == "SALGSKVITTERING" and "Kjøpeutbytte" in texts(layout)[-1]


def test_an_ean13_and_a_qr_code_in_the_stream_are_drawn_so_they_scan():
    job = (EscPos().align("center").line("KOPI").barcode("7038010000706", "ean13")
           .qr("https://coop.no/kvittering/R3-42").cut())
    image = picture(receipts_in(job.to_bytes())[0])
    found = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}
    assert ("EAN13", "7038010000706") in found
    assert ("QRCode", "https://coop.no/kvittering/R3-42") in found


def test_paper_after_the_last_cut_is_a_receipt_too_and_nothing_is_a_clear_error(tmp_path):
    assert texts(receipts_in(encode_receipt("ikke kuttet\n", cut=False))[0]) == ["ikke kuttet"]
    with pytest.raises(NothingPrinted):
        render_escpos(b"\x1b@\x1dV\x42\x03", tmp_path / "none.png")


def test_a_code_its_symbology_cannot_carry_is_shown_as_text_not_a_crash():
    bad_ean = b"\x1b@\x1dkC\x0dABCDEFGHIJKLM\n\x1bi"
    layout = receipts_in(bad_ean)[0]
    assert picture(layout).width == PAPER_DOTS
    assert layout[0].symbology == "EAN13" and layout[0].data == "ABCDEFGHIJKLM"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_any_byte_stream_gives_pictures_or_nothing_never_a_crash(data):
    for layout in receipts_in(data):
        assert picture(layout).width == PAPER_DOTS
