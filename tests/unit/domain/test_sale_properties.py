"""Properties of whole sales under random operations, and exact replay through JSON.

Hypothesis drives a sale with arbitrary sequences of what a till can do
(including refused operations); after every step the invariants hold, and
replaying the recorded operations, serialised to JSON and back, rebuilds the
very same sale.
"""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pos.data import demo_products as demo
from pos.domain.barcode_types import DepositSlipCode
from pos.domain.catalog import load_default_catalog
from pos.domain.lines import LineKind
from pos.domain.member import MemberRef
from pos.domain.operations import operation_from_dict, operation_to_dict
from pos.domain.sale import Sale
from pos.domain.tender import TenderKind
from pos.domain.texts import DomainError
from pos.formats.checkdigits import with_gs1_check_digit

from .helpers import WEEKDAY_AFTERNOON

CATALOG = load_default_catalog()
COUNTED = [CATALOG.get(g) for g in (
    demo.MILK, demo.BEER, demo.LIGHT_BEER, demo.SNUS, demo.YOGHURT, demo.MINCE, demo.PIZZA,
    demo.COLA_1_5L, demo.GIFT_CARD, demo.NEWSPAPER, demo.PARACET, demo.GUM_GTIN8,
)] + [CATALOG.by_gtin(g) for g in sorted(CATALOG.offers[3].gtins)[:4]]
MEMBER = MemberRef("m-7", "************7110", initials="KN")

ACTIONS = st.one_of(
    st.tuples(st.just("add"), st.integers(0, len(COUNTED) - 1), st.integers(1, 7)),
    st.tuples(st.just("weigh"), st.integers(1, 3000)),
    st.tuples(st.just("label"), st.integers(1, 50000)),
    st.tuples(st.just("setq"), st.integers(0, 30), st.integers(0, 9)),
    st.tuples(st.just("void"), st.integers(0, 30)),
    st.tuples(st.just("slip"), st.integers(0, 3), st.integers(100, 9000)),
    st.tuples(st.sampled_from(["member", "detach", "confirm", "refuse"])),
    st.tuples(st.sampled_from(["card", "coopay"]), st.integers(1, 60000)),
    st.tuples(st.just("cash"), st.integers(0, 800)),
    st.tuples(st.just("void_tender"), st.integers(1, 4)),
)


def perform(sale: Sale, action: tuple) -> None:
    now = WEEKDAY_AFTERNOON
    kind, *args = action
    line_ids = [line.line_id for line in sale.lines] or [1]
    if kind == "add":
        sale.add_product(COUNTED[args[0]], args[1], now=now)
    elif kind == "weigh":
        sale.add_weighed(CATALOG.get(demo.BANANAS), args[0], now=now)
    elif kind == "label":
        sale.add_priced(CATALOG.get(demo.ENTRECOTE_LABEL), args[0], now=now)
    elif kind == "setq":
        sale.set_quantity(line_ids[args[0] % len(line_ids)], args[1])
    elif kind == "void":
        sale.void_line(line_ids[args[0] % len(line_ids)])
    elif kind == "slip":
        code = with_gs1_check_digit(f"29{args[0]:05d}{args[1]:05d}")
        sale.redeem_deposit_slip(DepositSlipCode(code, f"{args[0]:05d}", args[1]))
    elif kind == "member":
        sale.attach_member(MEMBER)
    elif kind == "detach":
        sale.detach_member()
    elif kind == "confirm":
        sale.confirm_age()
    elif kind == "refuse":
        sale.refuse_age()
    elif kind in ("card", "coopay"):
        sale.add_tender(kind, args[0], now=now, reference="TX", masked_card="****4242")
    elif kind == "cash":
        sale.add_tender(TenderKind.CASH, args[0] * 100, now=now)
    elif kind == "void_tender":
        sale.void_tender(args[0])


def check_invariants(sale: Sale) -> None:
    totals = sale.totals
    live = {line.line_id for line in sale.active_lines}
    assert {t.line_id for t in totals.lines} == live, "a voided line never counts"
    assert totals.total_ore == sum(t.net_ore for t in totals.lines)
    assert totals.total_ore == (
        totals.gross_ore - totals.member_discount_ore - totals.offer_discount_ore
    )
    assert totals.gross_ore == sum(line.amount_ore for line in sale.active_lines)
    assert sum(v.gross_ore for v in totals.vat) == totals.total_ore
    for v in totals.vat:
        assert v.net_ore + v.vat_ore == v.gross_ore
    for t in totals.lines:
        assert t.member_discount_ore >= 0 and t.offer_discount_ore >= 0
    for line in sale.lines:
        if line.kind is LineKind.DEPOSIT:
            parent = sale.line(line.parent_id)
            assert parent.deposit_line_id == line.line_id
            assert (parent.quantity, parent.voided) == (line.quantity, line.voided)
    assert totals.dividend_base_ore >= 0
    assert totals.dividend_preview_ore <= totals.dividend_base_ore
    live_tenders = [t for t in sale.tenders if not t.voided]
    for tender in live_tenders:
        if tender.kind is TenderKind.CASH:
            assert (tender.applied_ore + tender.rounding_ore) % 100 == 0, "cash is whole kroner"
            assert abs(tender.rounding_ore) <= 50
        else:
            assert tender.rounding_ore == 0 and tender.change_ore == 0, "card is never rounded"
            assert tender.applied_ore == tender.amount_ore
    assert sale.remaining_ore == totals.total_ore - sum(t.applied_ore for t in live_tenders)
    if sale.state == "paid":
        assert sale.remaining_ore == 0


@settings(max_examples=150)
@given(st.lists(ACTIONS, max_size=30))
def test_invariants_hold_and_replay_through_json_is_exact(actions):
    sale = Sale.open("prop-sale", WEEKDAY_AFTERNOON, offers=CATALOG.offers, catalog=CATALOG)
    for action in actions:
        before = (sale.view(), sale.operations)
        try:
            perform(sale, action)
        except DomainError:
            assert (sale.view(), sale.operations) == before, "a refused operation changes nothing"
        check_invariants(sale)
    stored = json.dumps([operation_to_dict(op) for op in sale.operations])
    replayed = Sale.replay([operation_from_dict(d) for d in json.loads(stored)])
    assert replayed.view() == sale.view()
    assert replayed.operations == sale.operations
