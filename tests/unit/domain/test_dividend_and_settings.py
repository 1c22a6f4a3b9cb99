"""Dividend preview and store settings."""

from dataclasses import replace

import pytest

from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.dividend import dividend_preview
from pos.domain.sale import Sale
from pos.domain.settings import DEFAULT_SETTINGS, SettingsError, StoreSettings

from .helpers import WEEKDAY_AFTERNOON


def test_dividend_base_leaves_out_pant_gift_cards_and_tobacco(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.add_product(catalog.get(demo.BEER), now=now)
    sale.add_product(catalog.get(demo.SNUS), now=now)
    sale.add_product(catalog.get(demo.GIFT_CARD), now=now)
    sale.redeem_deposit_slip(parse_barcode(demo.DEPOSIT_SLIP_25_KR))
    totals = sale.totals
    assert totals.dividend_base_ore == 2590 + 3490
    assert totals.dividend_preview_ore == 91  # 1.5 % of 60,80 = 0,912


def test_products_can_be_excluded_one_by_one(catalog):
    ticket = next(p for p in catalog.products if p.group == "billetter")
    sale = Sale.open("s", WEEKDAY_AFTERNOON, catalog=catalog)
    sale.add_product(ticket, now=WEEKDAY_AFTERNOON)
    assert ticket.dividend_excluded and sale.totals.dividend_base_ore == 0


def test_dividend_rate_and_exclusions_are_settings(catalog):
    settings = replace(DEFAULT_SETTINGS, dividend_rate_bp=300, dividend_excluded_groups=frozenset())
    sale = Sale.open("s", WEEKDAY_AFTERNOON, settings=settings, catalog=catalog)
    sale.add_product(catalog.get(demo.SNUS), now=WEEKDAY_AFTERNOON)
    assert sale.totals.dividend_preview_ore == 357  # 3 % of 119,00


def test_slips_never_make_the_dividend_base_negative(sale, catalog, now):
    sale.add_product(catalog.get(demo.YOGHURT), now=now)
    sale.redeem_deposit_slip(parse_barcode(demo.DEPOSIT_SLIP_25_KR))
    assert sale.totals.dividend_base_ore == 1090


@pytest.mark.parametrize(("base", "bp", "preview"), [(10000, 150, 150), (33, 150, 0),
                                                     (34, 150, 1), (-500, 150, 0)])
def test_dividend_preview_rounds_half_up(base, bp, preview):
    assert dividend_preview(base, bp) == preview


@pytest.mark.parametrize(
    "bad",
    [{"org_number": "123456789"}, {"dividend_rate_bp": -1}, {"deposit_vat_rate": 20},
     {"receipt_width": 20}],
)
def test_impossible_settings_are_refused(bad):
    with pytest.raises(SettingsError):
        StoreSettings(**bad)


def test_defaults_follow_the_brief():
    s = DEFAULT_SETTINGS
    assert s.dividend_rate_bp == 150 and s.cash_rounding
    assert s.beer_hours.weekday[1].hour == 20 and s.beer_hours.eve[1].hour == 18
    assert s.beer_hours.ascension_eve_as_weekday
    assert s.in_store_layout.deposit_slip_prefixes == ("29",)
    assert {"pant", "gavekort", "tobakk"} <= s.dividend_excluded_groups
