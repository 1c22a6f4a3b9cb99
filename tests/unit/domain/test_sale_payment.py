"""Paying for a sale: split tender, cash rounding on the cash part only, change, payouts."""

from dataclasses import replace

import pytest

from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.sale import Sale
from pos.domain.sale_core import SaleState
from pos.domain.sale_errors import TenderError
from pos.domain.settings import DEFAULT_SETTINGS


@pytest.fixture
def sale_93_34(sale, catalog, now):
    """Milk ×3 and bananas: total kr 93,34 (not a whole krone)."""
    sale.add_product(catalog.get(demo.MILK), 3, now=now)
    sale.add_weighed(catalog.get(demo.BANANAS), 628, now=now)
    assert sale.totals.total_ore == 3 * 2590 + 1564 == 9334
    return sale


def test_all_cash_is_rounded_and_gives_change(sale_93_34, now):
    sale = sale_93_34
    assert sale.cash_due_ore == sale.view().cash_due_ore == 9300
    tender = sale.add_tender("cash", 10000, now=now)
    assert (tender.applied_ore, tender.rounding_ore, tender.change_ore) == (9334, -34, 700)
    assert sale.state is SaleState.PAID
    assert (sale.rounding_ore, sale.change_ore, sale.remaining_ore) == (-34, 700, 0)


def test_all_card_is_exact(sale_93_34, now):
    tender = sale_93_34.add_tender("card", 9334, now=now, reference="TX9", masked_card="****1")
    assert (tender.rounding_ore, tender.change_ore, tender.reference) == (0, 0, "TX9")
    assert sale_93_34.state is SaleState.PAID


def test_split_card_then_cash_rounds_only_the_cash_part(sale_93_34, now):
    sale = sale_93_34
    sale.add_tender("card", 5000, now=now)
    assert sale.remaining_ore == 4334 and sale.cash_due_ore == 4300
    cash = sale.add_tender("cash", 5000, now=now)
    assert (cash.rounding_ore, cash.change_ore) == (-34, 700)
    assert sale.tenders[0].rounding_ore == 0


def test_split_cash_then_card_has_no_rounding_at_all(sale_93_34, now):
    sale = sale_93_34
    sale.add_tender("cash", 5000, now=now)
    sale.add_tender("coopay", 4334, now=now, reference="CP-1")
    assert sale.state is SaleState.PAID and sale.rounding_ore == 0 and sale.change_ore == 0


def test_card_cannot_exceed_what_is_left(sale_93_34, now):
    with pytest.raises(TenderError):
        sale_93_34.add_tender("card", 9335, now=now)
    assert sale_93_34.tenders == ()


def test_rounding_up_when_cash_settles_50_ore_or_more(sale, catalog, now):
    sale.add_weighed(catalog.get(demo.BANANAS), 1000, now=now)  # kr 24,90
    tender = sale.add_tender("cash", 2500, now=now)
    assert (tender.rounding_ore, tender.change_ore) == (10, 0)


def test_slips_worth_more_than_the_goods_are_paid_out_in_cash(sale, catalog, now):
    sale.add_product(catalog.get(demo.YOGHURT), now=now)
    sale.redeem_deposit_slip(parse_barcode(demo.DEPOSIT_SLIP_25_KR))
    assert sale.remaining_ore == 1090 - 2500 == -1410
    with pytest.raises(TenderError):
        sale.add_tender("card", 100, now=now)
    payout = sale.add_tender("cash", 0, now=now)
    assert (payout.applied_ore, payout.rounding_ore, payout.change_ore) == (-1410, 10, 1400)
    assert sale.state is SaleState.PAID


def test_an_empty_sale_cannot_be_paid(sale, now):
    with pytest.raises(TenderError, match="no items"):
        sale.add_tender("cash", 0, now=now)


def test_unknown_tender_kind_is_a_value_error(sale_93_34, now):
    with pytest.raises(ValueError):
        sale_93_34.add_tender("cheque", 100, now=now)


def test_a_store_without_cash_rounding_takes_exact_cash(catalog, now):
    sale = Sale.open("x", now, catalog=catalog,
                     settings=replace(DEFAULT_SETTINGS, cash_rounding=False))
    sale.add_weighed(catalog.get(demo.BANANAS), 628, now=now)
    assert sale.view().cash_due_ore == 1564
    tender = sale.add_tender("cash", 2000, now=now)
    assert (tender.rounding_ore, tender.change_ore) == (0, 436)
