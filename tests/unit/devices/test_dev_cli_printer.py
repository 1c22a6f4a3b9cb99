"""`pos-devices printer render`: a capture of ESC/POS bytes read back as text or a picture.

A file may hold several receipts (a capture of the whole line); `--receipt N` picks
one, the last by default. A choice that is not in the file, a missing file or bytes
with nothing printed give one clear line and exit 1, and write no picture.
"""

from __future__ import annotations

import zxingcpp
from PIL import Image

from devices.cli import main
from devices.printer import LARGE_MARK, encode_receipt


def _capture(tmp_path):
    path = tmp_path / "line.escpos"
    path.write_bytes(encode_receipt(f"{LARGE_MARK}KVITTERING\nMelk 1 l  kr 23,90\n",
                                    barcode="R3-0000007")
                     + encode_receipt("Neste kunde\nBrød  kr 42,90\n", barcode="R3-0000008"))
    return path


def test_render_prints_the_last_receipt_or_the_one_asked_for(tmp_path, capsys):
    path = _capture(tmp_path)
    assert main(["printer", "render", str(path)]) == 0
    last = capsys.readouterr().out
    assert "Neste kunde" in last and "KVITTERING" not in last
    assert main(["printer", "render", str(path), "--receipt", "1"]) == 0
    first = capsys.readouterr().out
    assert "KVITTERING" in first and "[strekkode CODE128 R3-0000007]" in first


def test_render_png_draws_the_chosen_receipt_so_its_code_scans(tmp_path, capsys):
    path, out = _capture(tmp_path), tmp_path / "first.png"
    assert main(["printer", "render", str(path), "--receipt", "1", "--png", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    image = Image.open(out)
    assert image.width == 576
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["R3-0000007"]


def test_a_receipt_the_file_does_not_hold_is_a_clear_refusal(tmp_path, capsys):
    path, out = _capture(tmp_path), tmp_path / "none.png"
    for which in ("3", "0", "-3"):
        assert main(["printer", "render", str(path), "--receipt", which, "--png", str(out)]) == 1
        assert "holds 2 receipt(s)" in capsys.readouterr().err
    assert not out.exists()


def test_bytes_with_nothing_printed_or_no_file_are_clear_errors(tmp_path, capsys):
    empty = tmp_path / "empty.escpos"
    empty.write_bytes(b"\x1b@\x1dV\x42\x03")
    assert main(["printer", "render", str(empty), "--png", str(tmp_path / "x.png")]) == 1
    assert "nothing was printed" in capsys.readouterr().err
    assert main(["printer", "render", str(tmp_path / "missing.escpos")]) == 1
    assert "No such file" in capsys.readouterr().err
