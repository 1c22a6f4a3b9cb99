"""An independent oracle: python-barcode draws catalog GTINs, zxing-cpp reads them back.

Neither library shares code with ours, so agreement on the check digit and on
the decoded text means our GTINs are what a real scanner would read.
"""

import io
import random

import pytest
import zxingcpp
from barcode import EAN8, EAN13
from barcode.writer import ImageWriter
from PIL import Image

from devices.scanner import AIM_SYMBOLOGIES
from pos.domain.barcodes import parse_barcode
from pos.domain.product import Product

SAMPLE = 12


def _sample(catalog, length: int) -> list[Product]:
    products = [p for p in catalog.products if len(p.gtin) == length]
    return random.Random(2025).sample(products, min(SAMPLE, len(products)))


def _render(symbology, gtin: str) -> Image.Image:
    buffer = io.BytesIO()
    symbology(gtin[:-1], writer=ImageWriter()).write(buffer, {"write_text": False})
    buffer.seek(0)
    return Image.open(buffer)


def test_python_barcode_computes_the_same_check_digit_for_every_catalog_gtin(catalog):
    for product in catalog.products:
        if len(product.gtin) == 13:
            assert EAN13(product.gtin[:-1]).get_fullcode() == product.gtin, product.name
        else:
            assert EAN8(product.gtin[:-1]).get_fullcode() == product.gtin, product.name


@pytest.mark.parametrize(("symbology", "length", "aim"), [(EAN13, 13, "]E0"), (EAN8, 8, "]E4")])
def test_rendered_catalog_barcodes_decode_to_the_same_gtin(catalog, symbology, length, aim):
    for product in _sample(catalog, length):
        results = zxingcpp.read_barcodes(_render(symbology, product.gtin))
        assert [r.text for r in results] == [product.gtin], product.name
        decoded = results[0]
        assert decoded.symbology_identifier == aim
        # the devices layer maps the AIM id once; the domain gets the bare data and the name
        code = parse_barcode(decoded.text, AIM_SYMBOLOGIES[decoded.symbology_identifier])
        assert catalog.by_gtin(code.gtin) is product
