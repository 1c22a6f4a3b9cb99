"""Operations as the journal stores them: JSON round trips, and clear errors for bad records."""

import json
from datetime import datetime

import pytest

from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.clock import NaiveDatetimeError
from pos.domain.member import MemberRef
from pos.domain.operations import (
    OPERATION_TYPES,
    AddProduct,
    OpenSale,
    VoidLine,
    operation_from_dict,
    operation_to_dict,
)
from pos.domain.sale import Sale
from pos.domain.sale_errors import ReplayError

from .helpers import WEEKDAY_AFTERNOON


@pytest.fixture
def busy_sale(sale, catalog, now):
    """A sale that has used every kind of operation."""
    beer = sale.add_product(catalog.get(demo.BEER), 2, now=now)
    sale.add_weighed(catalog.get(demo.BANANAS), 700, now=now)
    sale.add_priced(catalog.get(demo.ENTRECOTE_LABEL), 18900, now=now)
    sale.set_quantity(beer.line_id, 3)
    sale.attach_member(MemberRef("m-1", "****7110"))
    sale.detach_member()
    sale.attach_member(MemberRef("m-1", "****7110", role="family", owner_initials="KN"))
    sale.add_product(catalog.get(demo.SNUS), now=now)
    sale.refuse_age()
    sale.void_line(sale.add_product(catalog.get(demo.MILK), now=now).line_id)
    sale.add_product(catalog.get(demo.SNUS), now=now)
    sale.confirm_age()
    sale.redeem_deposit_slip(parse_barcode(demo.DEPOSIT_SLIP_25_KR))
    card = sale.add_tender("card", 1000, now=now, reference="T1", masked_card="****1")
    sale.void_tender(card.tender_id)
    sale.add_tender("coopay", 1000, now=now, reference="CP1")
    sale.add_tender("cash", 100000, now=now)
    return sale


def test_every_operation_type_is_exercised_and_round_trips(busy_sale):
    ops = busy_sale.operations
    assert {op.op for op in ops} >= set(OPERATION_TYPES) - {"cancel"}
    decoded = [operation_from_dict(json.loads(json.dumps(operation_to_dict(op)))) for op in ops]
    assert decoded == list(ops)
    replayed = Sale.replay(decoded)
    assert replayed.view() == busy_sale.view()
    assert replayed.state == "paid"


def test_cancel_round_trips(sale, catalog, now):
    sale.add_product(catalog.get(demo.MILK), now=now)
    sale.cancel("customer left", now=now)
    replayed = Sale.replay(operation_from_dict(operation_to_dict(op)) for op in sale.operations)
    assert replayed.state == "cancelled"


def test_the_record_is_small_and_readable(catalog, now):
    record = operation_to_dict(AddProduct(catalog.get(demo.MILK), 2, now))
    assert record["op"] == "add_product"
    assert record["at"] == "2025-03-14T15:00:00+01:00"
    assert record["product"]["gtin"] == demo.MILK and "unit" not in record["product"]


@pytest.mark.parametrize(
    "record",
    [
        {"op": "no_such_op"},
        {},
        {"op": "void_line"},
        {"op": "add_product", "product": {"gtin": "1"}, "quantity": 1, "at": "x"},
        {"op": "open", "sale_id": "s", "opened_at": "yesterday"},
    ],
)
def test_bad_records_are_replay_errors(record):
    with pytest.raises(ReplayError):
        operation_from_dict(record)


def test_replay_must_start_with_open():
    with pytest.raises(ReplayError, match="start with 'open'"):
        Sale.replay([VoidLine(1)])
    with pytest.raises(ReplayError):
        Sale.replay([])


def test_replay_refuses_an_operation_the_sale_would_refuse():
    with pytest.raises(ValueError):
        Sale.replay([OpenSale("s", WEEKDAY_AFTERNOON), VoidLine(5)])


def test_a_sale_needs_an_aware_opening_time():
    with pytest.raises(NaiveDatetimeError):
        Sale.open("s", datetime(2025, 3, 14, 12, 0))
