"""A real till sale, printed through the rig, drawn by `pos-devices printer last --png`.

The whole way a tester takes: the till completes a cash sale and prints it on the
rig's printer over a pty; from another shell `pos-devices --dir RIG printer last
--png` draws what the printer got. The picture is 576 dots wide, the receipt's
Code 128 scans back to the code the till scans for a return, and the title the till
asked for in double size stands twice as tall as an item line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from devices.escpos_decoder import PrintedText
from devices.receipt_picture import PAPER_DOTS, picture, receipts_in
from pos.compliance.returns import receipt_code
from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.till import ReceiptReady
from tests.fixtures.printed import wait_for_receipt
from tests.functional.till.till_harness import EngineHarness

pytestmark = pytest.mark.slow


def _ink_rows(image) -> int:
    data, width = image.tobytes(), image.width
    return sum(1 for y in range(image.height) if min(data[y * width:(y + 1) * width]) < 128)


async def test_the_tills_printed_receipt_as_a_picture_scans_and_shows_its_title_large(
        rig, rig_dir, tmp_path):
    config = TillConfig(ports=rig.ports_file, data_dir=tmp_path / "till")
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        h.till.login("1", "1234")
        await h.till.scan(demo.MILK)
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        code = receipt_code(config.register, receipt.receipt_number)
        wait_for_receipt(rig, code)  # on paper before the till closes its port

    out = tmp_path / "last.png"
    shown = subprocess.run(
        [sys.executable, "-m", "devices.cli", "--dir", str(rig_dir), "printer", "last",
         "--png", str(out)], capture_output=True, text=True, timeout=120, check=False)
    assert shown.returncode == 0, shown.stderr
    image = Image.open(out).convert("L")
    assert image.width == PAPER_DOTS
    assert [(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)] == [
        ("Code128", code)]

    layout = receipts_in(Path(rig.last_receipt()["escpos"]).read_bytes())[-1]
    titles = [e for e in layout if isinstance(e, PrintedText) and e.height == 2]
    assert [t.text.strip() for t in titles] == ["SALGSKVITTERING"]
    title = titles[0]
    assert title.width == 2 and title.align == 1  # centred, double width too
    as_normal = PrintedText(title.text)
    assert _ink_rows(picture([title])) >= 1.8 * _ink_rows(picture([as_normal]))
