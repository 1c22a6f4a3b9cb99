"""Rules on a sale: age check once per sale, beer hours, members, deposit slips, cancel."""

from dataclasses import replace

import pytest

from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.beer_hours import BeerHoursRefused
from pos.domain.member import MemberRef, MemberRefError
from pos.domain.product import Product
from pos.domain.sale import Sale
from pos.domain.sale_core import SaleState
from pos.domain.sale_errors import (
    AgeCheckError,
    PaymentStarted,
    SaleClosed,
    SlipAlreadyRedeemed,
    TenderError,
)
from pos.domain.settings import DEFAULT_SETTINGS

from .helpers import oslo

MEMBER = MemberRef.for_card("m-42", "9578010000047110", initials="KN")
SLIP = parse_barcode(demo.DEPOSIT_SLIP_25_KR)


def _spirits(catalog) -> Product:
    return Product.from_dict({**catalog.get(demo.MILK).to_dict(), "gtin": "7099999999993",
                              "name": "Akevitt 0,7 l", "age_limit": 20, "vat_rate": 25})


def test_an_18_plus_item_asks_for_id_once(sale, catalog, now):
    assert not sale.age_check.pending
    sale.add_product(catalog.get(demo.SNUS), now=now)
    assert sale.age_check.pending and sale.age_check.required_age == 18
    sale.confirm_age()
    assert not sale.age_check.pending
    sale.add_product(catalog.get(demo.BEER), now=now)
    sale.add_product(catalog.get(demo.PARACET), now=now)
    assert not sale.age_check.pending, "one check per sale covers later 18+ items"


def test_a_higher_limit_asks_again(sale, catalog, now):
    sale.add_product(catalog.get(demo.BEER), now=now)
    sale.confirm_age()
    sale.add_product(_spirits(catalog), now=now)
    assert sale.age_check.pending and sale.age_check.required_age == 20


def test_refusing_voids_only_the_restricted_lines_and_their_deposit(sale, catalog, now):
    milk = sale.add_product(catalog.get(demo.MILK), now=now)
    beer = sale.add_product(catalog.get(demo.BEER), now=now)
    snus = sale.add_product(catalog.get(demo.SNUS), now=now)
    voided = sale.refuse_age()
    assert {line.line_id for line in voided} == {beer.line_id, snus.line_id}
    assert all(sale.line(i).void_reason == "age_refused"
               for i in (beer.line_id, beer.deposit_line_id, snus.line_id))
    assert [line.line_id for line in sale.active_lines] == [milk.line_id]
    assert sale.age_check.refused and not sale.age_check.pending


def test_refusing_after_an_18_check_keeps_the_18_items(sale, catalog, now):
    beer = sale.add_product(catalog.get(demo.BEER), now=now)
    sale.confirm_age()
    spirits = sale.add_product(_spirits(catalog), now=now)
    sale.refuse_age()
    assert sale.line(beer.line_id).active and sale.line(spirits.line_id).voided


def test_no_age_check_to_answer(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    with pytest.raises(AgeCheckError):
        sale.confirm_age()
    with pytest.raises(AgeCheckError):
        sale.refuse_age()


def test_payment_waits_for_the_age_check(sale, catalog, now):
    sale.add_product(catalog.get(demo.SNUS), now=now)
    with pytest.raises(AgeCheckError, match="before payment"):
        sale.add_tender("card", 100, now=now)


def test_voiding_the_only_restricted_item_clears_the_check(sale, catalog, now):
    snus = sale.add_product(catalog.get(demo.SNUS), now=now)
    sale.void_line(snus.line_id)
    assert not sale.age_check.pending


def test_beer_cannot_be_scanned_after_hours(sale, catalog):
    late = oslo(2025, 3, 14, 20, 1)
    with pytest.raises(BeerHoursRefused, match="08:00–20:00"):
        sale.add_product(catalog.get(demo.BEER), now=late)
    assert sale.lines == ()
    sale.add_product(catalog.get(demo.LIGHT_BEER), now=late)  # 2.2 %: no sales hours
    assert len(sale.active_lines) == 2


def test_beer_scanned_in_time_cannot_be_paid_after_hours(sale, catalog):
    sale.add_product(catalog.get(demo.BEER), now=oslo(2025, 3, 14, 19, 58))
    sale.confirm_age()
    with pytest.raises(BeerHoursRefused):
        sale.add_tender("card", 3690, now=oslo(2025, 3, 14, 20, 0, 30))
    assert sale.tenders == ()


def test_member_can_be_attached_at_any_point_and_gets_member_prices(sale, catalog, now):
    mince = sale.add_product(catalog.get(demo.MINCE), 2, now=now)
    assert sale.totals.total_ore == 2 * 5490
    sale.attach_member(MEMBER)
    assert sale.member == MEMBER and sale.member_prices
    assert sale.totals.line(mince.line_id).member_discount_ore == 2 * 1000
    assert sale.totals.total_ore == 2 * 4490
    sale.detach_member()
    assert sale.member is None and sale.totals.total_ore == 2 * 5490


def test_a_member_attached_during_payment_earns_dividend_but_prices_stay(sale, catalog, now):
    sale.add_product(catalog.get(demo.MINCE), now=now)
    sale.add_tender("card", 1000, now=now)
    sale.attach_member(MEMBER)
    assert sale.member == MEMBER and not sale.member_prices
    assert sale.totals.total_ore == 5490
    with pytest.raises(PaymentStarted):
        sale.detach_member()


def test_member_ref_holds_only_masked_card_numbers():
    assert MEMBER.masked_card == "************7110"
    with pytest.raises(MemberRefError):
        MemberRef("m-1", "9578010000047110")
    with pytest.raises(MemberRefError):
        MemberRef("", "****")
    family = MemberRef("m-2", "****1234", role="family", initials="AB", owner_initials="KN")
    assert family.role_text().nb == "familiemedlem av KN"


def test_deposit_slip_is_a_negative_line_and_counts_once_per_sale(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    line = sale.redeem_deposit_slip(SLIP)
    assert (line.amount_ore, line.slip_id) == (-2500, demo.DEPOSIT_SLIP_25_KR)
    assert sale.totals.deposit_slips_ore == -2500
    assert sale.totals.total_ore == 2590 - 2500
    with pytest.raises(SlipAlreadyRedeemed, match="already in this sale"):
        sale.redeem_deposit_slip(SLIP)
    sale.void_line(line.line_id)
    sale.redeem_deposit_slip(SLIP)  # voided: redeemable again


def test_a_slip_the_store_already_paid_out_is_refused(sale):
    with pytest.raises(SlipAlreadyRedeemed, match="already been redeemed"):
        sale.redeem_deposit_slip(SLIP, redeemed={demo.DEPOSIT_SLIP_25_KR})
    assert sale.lines == ()


def test_lines_are_locked_once_payment_starts(sale, catalog, now):
    milk = sale.add_product(catalog.get(demo.MILK), 2, now=now)
    sale.add_tender("card", 1000, now=now)
    for action in (
        lambda: sale.add_product(catalog.get(demo.BREAD), now=now),
        lambda: sale.set_quantity(milk.line_id, 1),
        lambda: sale.void_line(milk.line_id),
        lambda: sale.redeem_deposit_slip(SLIP),
    ):
        with pytest.raises(PaymentStarted):
            action()


def test_voiding_the_payment_unlocks_the_lines(sale, catalog, now):
    milk = sale.add_product(catalog.get(demo.MILK), 2, now=now)
    tender = sale.add_tender("card", 1000, now=now, reference="TX1")
    voided = sale.void_tender(tender.tender_id, "reversed at terminal")
    assert voided.voided and sale.tenders[0].void_reason == "reversed at terminal"
    assert sale.paid_ore == 0
    sale.set_quantity(milk.line_id, 1)
    with pytest.raises(TenderError):
        sale.void_tender(tender.tender_id)


def test_cancel_keeps_the_lines_and_closes_the_sale(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.cancel("customer left", now=now)
    assert sale.state is SaleState.CANCELLED
    assert len(sale.lines) == 1
    with pytest.raises(SaleClosed):
        sale.add_product(catalog.get(demo.MILK), now=now)


def test_cancel_is_refused_while_a_card_payment_stands(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.add_tender("card", 1000, now=now)
    with pytest.raises(TenderError, match="void that payment first"):
        sale.cancel("oops", now=now)


def test_a_paid_sale_is_closed(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.add_tender("card", 2590, now=now)
    assert sale.state is SaleState.PAID
    with pytest.raises(SaleClosed):
        sale.attach_member(MEMBER)


def test_training_flag_and_settings_are_kept(catalog, now):
    settings = replace(DEFAULT_SETTINGS, deposit_vat_rate=25)
    sale = Sale.open("t-1", now, training=True, settings=settings, catalog=catalog)
    cola = sale.add_product(catalog.get(demo.COLA_1_5L), now=now)
    assert sale.training
    assert sale.line(cola.deposit_line_id).vat_rate == 25
