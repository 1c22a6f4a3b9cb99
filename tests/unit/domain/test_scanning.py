"""From scan to sale line: every kind of code finds its product and its sale method."""

import pytest

from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.catalog import UnknownProduct
from pos.domain.lines import PriceSource
from pos.domain.sale_errors import SlipAlreadyRedeemed, WrongSaleMethod
from pos.domain.scanning import NotASaleItem, WeightRequired, add_scanned
from pos.formats.checkdigits import with_gs1_check_digit
from pos.formats.coopay_qr import encode_payload
from pos.formats.member_card import DEFAULT_FORMAT


def scan(sale, catalog, now, text, **kwargs):
    return add_scanned(sale, parse_barcode(text), catalog, now=now, **kwargs)


def test_scan_a_gtin(sale, catalog, now):
    line = scan(sale, catalog, now, demo.MILK, quantity=2)
    assert (line.description, line.quantity) == ("Tine Helmelk 1 l", 2)


def test_scan_weight_and_price_labels(sale, catalog, now):
    cheese = scan(sale, catalog, now, demo.CHEESE_452_G)
    assert (cheese.weight_g, cheese.amount_ore) == (452, 6735)  # 0.452 × 149,00 = 67,348
    entrecote = scan(sale, catalog, now, demo.ENTRECOTE_189_KR)
    assert (entrecote.price_source, entrecote.amount_ore) == (PriceSource.LABEL, 18900)


def test_scan_a_gs1_code_with_weight(sale, catalog, now):
    line = scan(sale, catalog, now, f"(01)0{demo.CHEESE_BY_WEIGHT}(3103)001000")
    assert line.amount_ore == 14900


def test_scan_a_deposit_slip_twice(sale, catalog, now):
    line = scan(sale, catalog, now, demo.DEPOSIT_SLIP_25_KR)
    assert line.amount_ore == -2500
    with pytest.raises(SlipAlreadyRedeemed):
        scan(sale, catalog, now, demo.DEPOSIT_SLIP_25_KR)


def test_a_slip_the_store_redeemed_before(sale, catalog, now):
    with pytest.raises(SlipAlreadyRedeemed):
        scan(sale, catalog, now, demo.DEPOSIT_SLIP_25_KR,
             redeemed_slips={demo.DEPOSIT_SLIP_25_KR})


def test_loose_produce_needs_the_scale(sale, catalog, now):
    with pytest.raises(WeightRequired) as caught:
        scan(sale, catalog, now, demo.BANANAS)
    assert caught.value.product.plu == "4011"
    assert "vekten" in caught.value.message("nb")


def test_label_item_scanned_by_gtin_asks_for_the_label(sale, catalog, now):
    with pytest.raises(WrongSaleMethod, match="price label"):
        scan(sale, catalog, now, demo.ENTRECOTE_LABEL)


def test_a_weight_label_on_a_label_priced_item_is_refused(sale, catalog, now):
    with pytest.raises(WrongSaleMethod):
        scan(sale, catalog, now, with_gs1_check_digit(f"23{demo.ENTRECOTE_ITEM_REF}00452"))


@pytest.mark.parametrize("text", ["7000000000003", with_gs1_check_digit("2399999" "00452")])
def test_unknown_products(sale, catalog, now, text):
    with pytest.raises(UnknownProduct):
        scan(sale, catalog, now, text)


@pytest.mark.parametrize(
    "text",
    [DEFAULT_FORMAT.make(1), encode_payload(bytes(16), bytes(16)),
     with_gs1_check_digit("280001200500")],
)
def test_member_cards_coopay_and_coupons_are_not_sale_items(sale, catalog, now, text):
    with pytest.raises(NotASaleItem):
        scan(sale, catalog, now, text)
    assert sale.lines == ()
