"""The phone's pictures: a member card and a Coopay QR that scan back, and nothing private.

The card is what a member holds up to a scanner: ID-1 size at 300 dpi, the full
card number only inside the barcode, the number in print masked but for its last
four digits, the member named by initials only. zxing-cpp reads both pictures back.
"""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from devices.phone.pictures import CARD_PX, card_png, qr_png
from devices.phone.texts import text

CARD = "9578010000000028"
MASKED = "************0028"


def test_the_card_is_id1_at_300_dpi_and_its_barcode_reads_the_card_number(tmp_path):
    out = card_png(CARD, masked=MASKED, initials="ON", label=text("nb", "card_label"),
                   out=tmp_path / "card.png")
    image = Image.open(out)
    assert image.size == CARD_PX == (1011, 638)  # 85.6 × 54 mm
    assert round(image.info["dpi"][0]) == 300
    assert [(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)] == [("Code128", CARD)]


@pytest.mark.parametrize("initials", ["Ola Nordmann", "", "O1", "ABCD"])
def test_a_name_instead_of_initials_is_refused(tmp_path, initials):
    with pytest.raises(ValueError, match="initials"):
        card_png(CARD, masked=MASKED, initials=initials, out=tmp_path / "card.png")
    assert not (tmp_path / "card.png").exists()


@pytest.mark.parametrize("masked", [CARD, "9578************", "************0051"])
def test_a_card_number_not_masked_as_a_receipt_shows_it_is_refused(tmp_path, masked):
    with pytest.raises(ValueError, match="masked"):
        card_png(CARD, masked=masked, initials="ON", out=tmp_path / "card.png")


def test_the_label_comes_from_the_phones_catalogue_in_both_languages():
    assert text("nb", "card_label") == "Medlemskort"
    assert text("en", "card_label") == "Member card"


def test_the_coopay_qr_reads_back_the_payload(tmp_path):
    payload = "COOPAY1.1001.3.ab12cd34ef56.20261204T101500Z.MAC"
    image = Image.open(qr_png(payload, tmp_path / "qr.png"))
    assert [(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)] == [
        ("QRCode", payload)]
