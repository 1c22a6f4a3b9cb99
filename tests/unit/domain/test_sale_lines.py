"""Sale lines: add by count, weight and label, deposit links, quantity changes, voids."""

import pytest

from pos.data import demo_products as demo
from pos.domain.lines import LineKind, PriceSource
from pos.domain.product import Product
from pos.domain.sale import Sale
from pos.domain.sale_errors import (
    InvalidQuantity,
    LineNotChangeable,
    MissingDeposit,
    UnknownLine,
    WrongSaleMethod,
)

from .helpers import WEEKDAY_AFTERNOON


def test_add_product_by_count(sale, catalog, now):
    line = sale.add_product(catalog.get(demo.MILK), 3, now=now)
    assert (line.line_id, line.quantity, line.amount_ore) == (1, 3, 3 * 2590)
    assert sale.totals.total_ore == 7770
    assert sale.totals.item_count == 3


def test_a_bottle_brings_its_deposit_line_linked_both_ways(sale, catalog, now):
    beer = sale.add_product(catalog.get(demo.BEER), 2, now=now)
    deposit = sale.line(beer.deposit_line_id)
    assert deposit.kind is LineKind.DEPOSIT
    assert (deposit.line_id, deposit.parent_id, deposit.quantity) == (2, beer.line_id, 2)
    assert deposit.amount_ore == 400
    assert deposit.vat_rate == 25, "deposit follows the drink's VAT rate by default"
    assert sale.totals.deposit_ore == 400
    assert sale.totals.total_ore == 2 * 3490 + 400


def test_deposit_vat_follows_the_drink(sale, catalog, now):
    cola = sale.add_product(catalog.get(demo.COLA_1_5L), now=now)
    deposit = sale.line(cola.deposit_line_id)
    assert (deposit.vat_rate, deposit.amount_ore) == (15, 300)


def test_changing_quantity_changes_the_deposit_too(sale, catalog, now):
    beer = sale.add_product(catalog.get(demo.BEER), now=now)
    sale.set_quantity(beer.line_id, 6)
    assert sale.line(beer.deposit_line_id).quantity == 6
    assert sale.totals.total_ore == 6 * (3490 + 200)


def test_voided_line_stays_recorded_and_takes_its_deposit(sale, catalog, now):
    beer = sale.add_product(catalog.get(demo.BEER), now=now)
    milk = sale.add_product(catalog.get(demo.MILK), now=now)
    voided = sale.void_line(beer.line_id, "customer changed mind")
    assert voided.voided and voided.void_reason == "customer changed mind"
    assert [line.line_id for line in sale.lines] == [1, 2, 3]
    assert sale.line(beer.deposit_line_id).voided
    assert [line.line_id for line in sale.active_lines] == [milk.line_id]
    assert sale.totals.total_ore == 2590


def test_voided_line_cannot_be_changed_or_voided_again(sale, catalog, now):
    line = sale.add_product(catalog.get(demo.MILK), now=now)
    sale.void_line(line.line_id)
    for action in (
        lambda: sale.void_line(line.line_id),
        lambda: sale.set_quantity(line.line_id, 2),
    ):
        with pytest.raises(LineNotChangeable):
            action()


def test_a_deposit_line_cannot_be_changed_on_its_own(sale, catalog, now):
    beer = sale.add_product(catalog.get(demo.BEER), now=now)
    with pytest.raises(LineNotChangeable, match="Deposit follows"):
        sale.void_line(beer.deposit_line_id)
    with pytest.raises(LineNotChangeable):
        sale.set_quantity(beer.deposit_line_id, 3)


def test_weighed_product(sale, catalog, now):
    bananas = catalog.by_plu("4011")
    line = sale.add_weighed(bananas, 628, now=now)
    assert line.price_source is PriceSource.WEIGHT
    assert line.amount_ore == 1564  # 0.628 kg × kr 24,90 = 15,6372 → 15,64
    with pytest.raises(LineNotChangeable):
        sale.set_quantity(line.line_id, 2)


def test_label_priced_product(sale, catalog, now):
    entrecote = catalog.by_item_ref(demo.ENTRECOTE_ITEM_REF)
    line = sale.add_priced(entrecote, 18900, now=now)
    assert (line.amount_ore, line.price_source) == (18900, PriceSource.LABEL)


@pytest.mark.parametrize(
    ("method", "gtin", "arg"),
    [
        ("add_product", demo.BANANAS, 1),
        ("add_product", demo.ENTRECOTE_LABEL, 1),
        ("add_weighed", demo.MILK, 500),
        ("add_priced", demo.MILK, 500),
    ],
)
def test_the_wrong_way_to_sell_a_product_is_refused(sale, catalog, now, method, gtin, arg):
    with pytest.raises(WrongSaleMethod):
        getattr(sale, method)(catalog.get(gtin), arg, now=now)
    assert sale.lines == ()


@pytest.mark.parametrize("quantity", [0, -1, 1000, True, 2.0])
def test_quantity_must_be_a_whole_number_in_range(sale, catalog, now, quantity):
    with pytest.raises(InvalidQuantity):
        sale.add_product(catalog.get(demo.MILK), quantity, now=now)
    assert sale.lines == ()


@pytest.mark.parametrize("grams", [0, -5, 100_000])
def test_weight_must_be_in_range(sale, catalog, now, grams):
    with pytest.raises(InvalidQuantity):
        sale.add_weighed(catalog.by_plu("4011"), grams, now=now)


def test_unknown_line_id(sale):
    with pytest.raises(UnknownLine, match="Line 7"):
        sale.void_line(7)


def test_a_bottle_without_its_deposit_product_is_refused(catalog):
    lonely = Sale.open("s", WEEKDAY_AFTERNOON)  # no catalog to find the deposit product in
    with pytest.raises(MissingDeposit):
        lonely.add_product(catalog.get(demo.BEER), now=WEEKDAY_AFTERNOON)
    assert lonely.lines == ()


def test_a_failed_operation_changes_nothing_and_is_not_recorded(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    before, ops = sale.view(), sale.operations
    for bad in (lambda: sale.set_quantity(1, 0), lambda: sale.void_line(9),
                lambda: sale.add_weighed(catalog.get(demo.MILK), 5, now=now)):
        with pytest.raises(ValueError):
            bad()
    assert sale.view() == before
    assert sale.operations == ops


def test_product_snapshot_is_kept_even_if_the_catalog_changes(sale, catalog, now):
    milk = catalog.get(demo.MILK)
    line = sale.add_product(milk, now=now)
    repriced = Product.from_dict({**milk.to_dict(), "price_ore": 9990})
    assert line.product.price_ore == 2590 and repriced.price_ore == 9990
    assert sale.totals.total_ore == 2590
