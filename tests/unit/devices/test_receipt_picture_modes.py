"""The picture follows the print modes a stream sets with `ESC !`, and fills the paper.

Printers other than ours select size and emphasis with `ESC ! n` (bit 3 emphasised,
bit 4 double height, bit 5 double width) rather than `GS !` and `ESC E`; a picture
that ignored it would show such a receipt's titles as small as its amounts. A full
line of font A is 48 cells of 12 dots, exactly the 576 printable dots: its last
character must be on the paper, not cut off by a side margin.
"""

from __future__ import annotations

from devices.escpos_decoder import PrintedText
from devices.printer import EscPos
from devices.receipt_picture import CELL_W, PAPER_DOTS, picture, receipts_in

ESC = b"\x1b"


def _stream(*parts: bytes) -> bytes:
    return b"".join([ESC + b"@", *parts, ESC + b"i"])


def _ink_rows(image) -> int:
    data, width = image.tobytes(), image.width
    return sum(1 for y in range(image.height) if min(data[y * width:(y + 1) * width]) < 128)


def _ink_columns(image) -> list[int]:
    data, width = image.tobytes(), image.width
    return [x for x in range(width) if min(data[x::width]) < 128]


def _ink(image) -> int:
    return sum(1 for value in image.tobytes() if value < 128)


def test_esc_bang_double_height_and_width_prints_a_line_twice_as_tall_and_wide():
    layout = receipts_in(_stream(ESC + b"!\x30TOTALT\n", ESC + b"!\x00TOTALT\n"))[0]
    big, normal = layout
    assert (big.width, big.height) == (2, 2) and (normal.width, normal.height) == (1, 1)
    big_image, normal_image = picture([big]), picture([normal])
    assert _ink_rows(big_image) >= 1.8 * _ink_rows(normal_image)
    big_span = _ink_columns(big_image)[-1] - _ink_columns(big_image)[0]
    normal_span = _ink_columns(normal_image)[-1] - _ink_columns(normal_image)[0]
    assert big_span >= 1.8 * normal_span


def test_esc_bang_double_height_alone_keeps_the_width():
    tall = receipts_in(_stream(ESC + b"!\x10Tilbud\n"))[0][0]
    assert (tall.width, tall.height) == (1, 2)


def test_esc_bang_emphasised_is_bold_on_paper_and_mode_zero_ends_it():
    stream = _stream(ESC + b"!\x08Kjopeutbytte\n", ESC + b"!\x00Kjopeutbytte\n")
    bold, plain = receipts_in(stream)[0]
    assert bold.bold and not plain.bold
    assert _ink(picture([bold])) > 1.15 * _ink(picture([plain]))


def test_gs_bang_after_esc_bang_still_sizes_the_line():
    job = EscPos().line("normal").double().line("STOR").double(False).cut().to_bytes()
    sizes = [(e.width, e.height) for e in receipts_in(job)[0]]
    assert sizes == [(1, 1), (2, 2)]


def test_a_full_48_column_line_fits_the_576_dots_edge_to_edge():
    image = picture([PrintedText("-" * 48)])
    assert image.width == PAPER_DOTS
    columns = _ink_columns(image)
    left_gap, right_gap = columns[0], PAPER_DOTS - 1 - columns[-1]
    assert left_gap < CELL_W // 2 and abs(left_gap - right_gap) <= 1  # the same glyph each end


def test_right_aligned_text_ends_at_the_paper_edge():
    image = picture([PrintedText("kr 53,99", align=2)])
    assert PAPER_DOTS - 1 - _ink_columns(image)[-1] < CELL_W // 3
