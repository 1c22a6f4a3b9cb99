"""Multi-buy offers: 3 for 2, N for kr P, member-only, mix and match, exact attribution."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.data import demo_products as demo
from pos.domain.member import MemberRef
from pos.domain.offers import (
    Offer,
    OfferError,
    OfferUnits,
    apply_offers,
    split_proportionally,
)

MEMBER = MemberRef("m-1", "****7110")
A, B, C = "7038010000706", "7040913300012", "7044230007012"


def units(*specs):
    return [OfferUnits(i + 1, gtin.zfill(14), qty, price) for i, (gtin, qty, price) in
            enumerate(specs)]


def test_three_for_two_frees_the_cheapest_of_each_three():
    offer = Offer("o", "yoghurt", frozenset({A, B}), buy=3, pay_for=2)
    result = apply_offers(units((A, 2, 1500), (B, 2, 1000)), [offer], member=False)
    # dearest first: 1500 1500 1000 | 1000 → one bundle, the 1000 is free
    assert result.discounts == {2: 1000}
    (applied,) = result.applied
    assert (applied.bundles, applied.discount_ore, applied.line_ids) == (1, 1000, (2,))


def test_n_for_a_price_spreads_the_discount_exactly():
    offer = Offer("o", "chips", frozenset({A, B}), buy=2, bundle_price_ore=5000)
    result = apply_offers(units((A, 1, 3490), (B, 1, 2990)), [offer], member=False)
    assert sum(result.discounts.values()) == 3490 + 2990 - 5000
    assert result.discounts == {1: 797, 2: 683}  # 1480 × 3490/6480 = 797.1, the rest 683


def test_a_bundle_that_would_cost_more_is_not_formed():
    offer = Offer("o", "x", frozenset({A}), buy=2, bundle_price_ore=5000)
    assert apply_offers(units((A, 4, 2000)), [offer], member=False).applied == ()


def test_member_offers_need_a_member():
    offer = Offer("o", "pizza", frozenset({A}), buy=3, bundle_price_ore=10000, members_only=True)
    lines = units((A, 3, 5990))
    assert apply_offers(lines, [offer], member=False).discounts == {}
    assert apply_offers(lines, [offer], member=True).discounts == {1: 3 * 5990 - 10000}


def test_a_unit_counts_in_one_offer_only():
    first = Offer("a-first", "x", frozenset({A}), buy=2, pay_for=1)
    second = Offer("b-second", "y", frozenset({A}), buy=2, bundle_price_ore=1)
    result = apply_offers(units((A, 2, 1000)), [second, first], member=False)
    assert [a.offer.offer_id for a in result.applied] == ["a-first"]


def test_offer_labels():
    assert Offer("o", "Tine Yoghurt", frozenset({A}), buy=3, pay_for=2).label().nb == (
        "3 for 2 Tine Yoghurt")
    chips = Offer("o", "Chips", frozenset({A}), buy=2, bundle_price_ore=5000, members_only=True)
    assert chips.label().get("nb") == "Medlemstilbud 2 for kr 50,00 Chips"
    assert chips.label().get("en") == "Member offer 2 for NOK 50.00 Chips"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"gtins": frozenset(), "buy": 2, "pay_for": 1},
        {"gtins": frozenset({"123"}), "buy": 2, "pay_for": 1},
        {"gtins": frozenset({A}), "buy": 1, "pay_for": 1},
        {"gtins": frozenset({A}), "buy": 3, "pay_for": 3},
        {"gtins": frozenset({A}), "buy": 3},
        {"gtins": frozenset({A}), "buy": 3, "pay_for": 2, "bundle_price_ore": 10},
        {"gtins": frozenset({A}), "buy": 3, "bundle_price_ore": -1},
    ],
)
def test_invalid_offers_are_refused(kwargs):
    with pytest.raises(OfferError):
        Offer("bad", "x", **kwargs)


def test_offer_dict_round_trip(catalog):
    for offer in catalog.offers:
        assert Offer.from_dict(offer.to_dict()) == offer


@given(st.integers(-10**6, 10**6), st.lists(st.integers(0, 10**5), min_size=1, max_size=12))
def test_split_proportionally_always_adds_up(amount, weights):
    parts = split_proportionally(amount, weights)
    assert sum(parts) == amount and len(parts) == len(weights)
    total = sum(weights)
    if total > 0:
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part * total - amount * weight) < total


@given(
    st.lists(st.tuples(st.sampled_from([A, B, C]), st.integers(1, 8), st.integers(1, 9999)),
             min_size=1, max_size=8),
    st.integers(2, 5),
    st.integers(0, 30000),
)
def test_offers_never_discount_more_than_the_goods(specs, buy, price):
    offers = [Offer("x", "x", frozenset({A, B}), buy=buy, pay_for=buy - 1),
              Offer("y", "y", frozenset({B, C}), buy=buy, bundle_price_ore=price)]
    lines = units(*specs)
    result = apply_offers(lines, offers, member=False)
    for line in lines:
        assert 0 <= result.discounts.get(line.line_id, 0) <= line.quantity * line.unit_price_ore
    assert sum(a.discount_ore for a in result.applied) == sum(result.discounts.values())


def test_yoghurt_offer_in_a_real_sale(sale, catalog, now):
    yoghurt = catalog.get(demo.YOGHURT)
    line = sale.add_product(yoghurt, 3, now=now)
    (applied,) = sale.totals.offers
    assert applied.offer.offer_id == demo.YOGHURT_OFFER
    assert sale.totals.line(line.line_id).offer_discount_ore == 1090
    assert sale.totals.total_ore == 2 * 1090
    sale.set_quantity(line.line_id, 2)
    assert sale.totals.offers == () and sale.totals.total_ore == 2 * 1090


def test_member_pizza_offer_recomputes_when_the_member_arrives(sale, catalog, now):
    sale.add_product(catalog.get(demo.PIZZA), 3, now=now)
    assert sale.totals.total_ore == 3 * 5990
    sale.attach_member(MEMBER)
    assert sale.totals.total_ore == 10000
    assert sale.totals.offer_discount_ore == 3 * 5990 - 10000
