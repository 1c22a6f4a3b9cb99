"""The parsers of stored data (catalog files, journal records) take any JSON calmly.

A catalog file or a journal record can be damaged; reading one must end in a
`DomainError` saying what is wrong, never in an AttributeError deep inside.
"""

import json

from hypothesis import given
from hypothesis import strategies as st

from pos.data import demo_products as demo
from pos.domain.catalog import catalog_from_json, load_default_catalog
from pos.domain.operations import OPERATION_TYPES, operation_from_dict, operation_to_dict
from pos.domain.sale import Sale
from pos.domain.texts import DomainError

from .helpers import WEEKDAY_AFTERNOON

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**14), st.floats(),
                    st.text(max_size=20), st.sampled_from([demo.MILK, demo.PANT_2, "4011",
                                                           "2025-03-14T15:00:00+01:00", "kg"]))
JSON = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=5)
), max_leaves=20)
PRODUCT_KEYS = ["gtin", "name", "price_ore", "vat_rate", "group", "unit", "deposit_gtin",
                "age_limit", "beer_hours", "member_price_ore", "plu", "item_ref", "abv_centi",
                "volume_ml", "dividend_excluded", "brand"]
PRODUCTISH = st.dictionaries(st.sampled_from(PRODUCT_KEYS), SCALARS, max_size=len(PRODUCT_KEYS))
OFFERISH = st.dictionaries(
    st.sampled_from(["offer_id", "title", "gtins", "buy", "pay_for", "bundle_price_ore",
                     "members_only"]),
    st.one_of(SCALARS, st.lists(SCALARS, max_size=3)), max_size=7,
)


@given(st.lists(st.one_of(PRODUCTISH, JSON), max_size=4), st.lists(OFFERISH, max_size=2))
def test_catalog_files_load_or_say_what_is_wrong(products, offers):
    text = json.dumps({"format": "coop-pos-catalog", "version": 1, "products": products,
                       "offers": offers})
    try:
        catalog = catalog_from_json(text)
    except DomainError as error:
        assert error.message("en")
        return
    assert len(catalog) == len(products)


@given(st.sampled_from(sorted(OPERATION_TYPES)), st.dictionaries(
    st.sampled_from(["sale_id", "opened_at", "offers", "training", "product", "quantity", "at",
                     "deposit", "weight_g", "price_ore", "line_id", "reason", "member",
                     "slip_id", "serial", "value_ore", "kind", "amount_ore", "reference",
                     "masked_card", "tender_id"]),
    st.one_of(JSON, PRODUCTISH), max_size=6))
def test_journal_records_decode_or_raise_replay_error(op, fields):
    try:
        operation = operation_from_dict({"op": op, **fields})
    except DomainError as error:
        assert error.code == "replay_error"
        return
    assert operation.op == op



RECORDS = st.lists(
    st.fixed_dictionaries({
        "op": st.sampled_from(["set_quantity", "void_line", "void_tender", "confirm_age",
                               "refuse_age", "detach_member", "redeem_deposit_slip"]),
        "line_id": st.integers(-2, 5),
        "quantity": st.integers(-1, 5),
        "tender_id": st.integers(0, 3),
        "slip_id": st.text(max_size=3),
        "serial": st.text(max_size=3),
        "value_ore": st.integers(-5, 5000),
        "reason": st.text(max_size=5),
    }),
    max_size=8,
)


def _started_sale_records(catalog) -> list[dict]:
    sale = Sale.open("s", WEEKDAY_AFTERNOON, catalog=catalog)
    for gtin in (demo.MILK, demo.BEER, demo.SNUS):
        sale.add_product(catalog.get(gtin), now=WEEKDAY_AFTERNOON)
    return [operation_to_dict(op) for op in sale.operations]


@given(RECORDS)
def test_replaying_damaged_records_applies_each_or_fails_cleanly(records):
    started = _started_sale_records(load_default_catalog())
    try:
        sale = Sale.replay(operation_from_dict(r) for r in started + records)
    except DomainError:
        return
    assert len(sale.operations) == len(started) + len(records)
