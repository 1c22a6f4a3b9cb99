"""The ShopExpress handheld's list, total and checkout code (member given; no backend here)."""

from __future__ import annotations

import pytest

from pos.data import demo_products as demo
from pos.domain.catalog import load_default_catalog
from pos.domain.member import MemberRef
from pos.domain.shopexpress import TripItem, decode_checkout_code
from pos.handheld.handheld import Handheld, HandheldChanged
from tests.fixtures.engine_events import Clock, Recorder

KEY = b"store-key"
MEMBER = MemberRef("m-0042", "**** **** **** 1234", "owner", "OL")


@pytest.fixture
def handheld():
    events = Recorder()
    device = Handheld(catalog=load_default_catalog(), store="1001", key=KEY, clock=Clock(),
                      listener=events.append)
    device.events = events  # type: ignore[attr-defined]
    return device


async def test_no_member_no_trip(handheld):
    assert not await handheld.scan(demo.MILK)
    assert handheld.events.codes() == ["member_required"]
    assert await handheld.identify(card_number="9578010000000000") is None  # no backend
    assert handheld.events.codes()[-1] == "backend_unavailable"


async def test_scan_remove_total_and_checkout_code(handheld):
    handheld.start_trip(MEMBER)
    assert await handheld.scan(demo.MILK)
    assert await handheld.scan(demo.MILK, "ean13")
    assert await handheld.scan(demo.COLA_0_5L)  # with its pant
    assert await handheld.scan(demo.CHEESE_452_G)  # a weight label
    state = handheld.state
    assert [line.quantity for line in state.lines] == [2, 1, 1]
    assert state.lines[1].amount_ore > 200 and state.item_count == 4
    milk_total = state.lines[0].amount_ore
    assert handheld.remove(0)
    assert handheld.state.removals == 1
    assert handheld.state.lines[0].amount_ore == milk_total // 2
    code = handheld.finish()
    trip = decode_checkout_code(code, KEY)
    assert trip.member == MEMBER and trip.removals == 1
    assert trip.items[0] == TripItem(demo.MILK, 1)
    assert isinstance(handheld.events[-1], HandheldChanged)


async def test_kg_items_and_non_items_are_refused_with_the_reason(handheld):
    handheld.start_trip(MEMBER)
    assert not await handheld.scan(demo.BANANAS)
    assert handheld.events.codes()[-1] == "weight_required"
    assert not await handheld.scan("9999999999994")
    assert not handheld.finish()
    assert handheld.events.codes()[-1] == "trip_empty"


async def test_the_list_stops_before_the_code_outgrows_a_scan(handheld):
    handheld.start_trip(MEMBER)
    products = [p.gtin for p in handheld.catalog.search("a", 500) if not p.sold_by_weight
                and not p.age_limit][:200]
    accepted = 0
    for gtin in products:
        if await handheld.scan(gtin):
            accepted += 1
        elif handheld.events.codes()[-1] == "trip_full":
            break
    assert handheld.events.codes()[-1] == "trip_full" and accepted > 20
    assert len(handheld.finish()) <= 1000


async def test_a_misread_asks_to_scan_again_not_to_key_in_on_a_device_without_keys(handheld):
    """Issue 15: the handheld said "… eller tast inn" but has no field to type into."""
    from pos.till import Notice

    handheld.start_trip(MEMBER)
    assert not await handheld.scan(demo.MILK[:-1] + str((int(demo.MILK[-1]) + 1) % 10))
    said = handheld.events.last(Notice).text
    assert "skann på nytt" in said.get("nb") and "tast inn" not in said.get("nb")
    assert "key it in" not in said.get("en")
