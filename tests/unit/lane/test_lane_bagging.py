"""The bagging area: each scanned item must show up on the bagging scale, nothing else may."""

from __future__ import annotations

import pytest

from devices.events import DeviceState
from devices.scale import ScaleReading
from pos.data import demo_products as demo
from pos.data.weights import item_weight
from pos.lane.settings import LaneSettings, LaneSettingsError, lane_settings_from
from pos.lane.state import WAIT_TEXTS, LaneStep, WaitReason
from pos.till import Notice

MILK_G = item_weight(demo.MILK).grams


def bagging(grams, status="stable", device="bagging"):
    return ScaleReading(device, status, grams if status == "stable" else None, 0, 0, None)


@pytest.fixture
async def lane(make_lane):
    lane, events = make_lane()
    await lane.handle_device_event(bagging(0))
    return lane, events


async def test_a_scanned_item_waits_for_the_bagging_area_then_the_next_may_come(lane):
    lane, events = lane
    await lane.scan(demo.MILK)
    assert lane.state.bagging == "place_item"
    assert events.last(Notice).text.nb == "Legg varen i poseområdet."
    await lane.scan(demo.BREAD)  # not before the milk is in the bag
    assert len(lane.till.sale.lines) == 1 and events.last(Notice).code == "bagging_place_item"
    assert not lane.pay()
    await lane.handle_device_event(bagging(MILK_G + 15))  # within the tolerance
    assert lane.state.bagging == "" and not lane.state.paused
    await lane.scan(demo.BREAD)
    assert len(lane.till.sale.lines) == 2 and lane.state.bagging == "place_item"


async def test_an_unexpected_item_pauses_the_lane_and_calls_the_attendant(lane):
    lane, events = lane
    await lane.scan(demo.MILK)
    await lane.handle_device_event(bagging(MILK_G + 900))  # milk and something unscanned
    assert lane.state.bagging == "unexpected_item"
    assert WaitReason.BAGGING in lane.state.waiting_for
    assert "Uventet vare i poseområdet" in events.last(Notice).text.nb
    assert "Uventet vare" in WAIT_TEXTS[WaitReason.BAGGING].nb
    await lane.scan(demo.BREAD)
    assert len(lane.till.sale.lines) == 1  # paused: nothing more is sold
    await lane.handle_device_event(bagging(MILK_G))  # the shopper takes the extra item out
    assert lane.state.bagging == "" and not lane.state.paused


async def test_an_item_taken_out_of_the_bag_is_a_mismatch_too(lane):
    lane, _ = lane
    await lane.scan(demo.MILK)
    await lane.handle_device_event(bagging(MILK_G))
    await lane.handle_device_event(bagging(0))
    assert lane.state.bagging == "unexpected_item" and lane.state.paused


async def test_the_attendant_accepts_the_bagging_area_as_it_is(lane):
    lane, _ = lane
    await lane.scan(demo.MILK)
    await lane.handle_device_event(bagging(MILK_G + 900))
    assert not lane.accept_bagging()  # shoppers cannot
    assert lane.attendant_pin("9999")
    assert lane.accept_bagging()
    assert lane.state.bagging == "" and WaitReason.BAGGING not in lane.state.waiting_for
    assert lane.attendant_done()
    await lane.scan(demo.BREAD)
    assert len(lane.till.sale.lines) == 2


async def test_items_without_a_known_weight_are_not_checked_by_default(lane):
    lane, _ = lane
    assert item_weight(demo.GIFT_CARD) is None
    await lane.scan(demo.GIFT_CARD)
    assert lane.state.bagging == ""
    await lane.scan(demo.MILK)
    assert lane.state.bagging == "place_item"


async def test_a_lane_may_check_unweighed_items_for_some_weight(make_lane):
    lane, _ = make_lane(LaneSettings(cash=True, bagging_unknown_items=True))
    await lane.handle_device_event(bagging(0))
    await lane.scan(demo.GIFT_CARD)
    assert lane.state.bagging == "place_item"
    await lane.handle_device_event(bagging(35))
    assert lane.state.bagging == ""


async def test_no_bagging_scale_means_no_check(make_lane):
    lane, _ = make_lane()
    await lane.scan(demo.MILK)  # no bagging scale has reported
    assert lane.state.bagging == "" and len(lane.till.sale.lines) == 1


async def test_a_lane_with_the_check_off_ignores_its_bagging_scale(make_lane):
    off, _ = make_lane(LaneSettings(cash=True, bagging_check=False))
    await off.handle_device_event(bagging(0))
    await off.scan(demo.BREAD)
    assert off.state.bagging == ""


async def test_an_unplugged_bagging_scale_stops_the_check_and_moving_readings_are_ignored(lane):
    lane, _ = lane
    await lane.scan(demo.MILK)
    await lane.handle_device_event(bagging(None, status="unstable"))
    assert lane.state.bagging == "place_item"
    await lane.handle_device_event(DeviceState("bagging", "disconnected", "unplugged"))
    assert lane.state.bagging == ""
    await lane.scan(demo.BREAD)
    assert len(lane.till.sale.lines) == 2


async def test_between_sales_the_expected_weight_follows_the_bags(lane):
    lane, _ = lane
    await lane.scan(demo.MILK)
    await lane.handle_device_event(bagging(MILK_G))
    assert lane.pay()
    lane.pay_cash(None)
    assert lane.state.step is LaneStep.DONE
    await lane.handle_device_event(bagging(0))  # the shopper takes the bag
    lane.new_sale()
    await lane.scan(demo.BREAD)
    await lane.handle_device_event(bagging(item_weight(demo.BREAD).grams))
    assert lane.state.bagging == "" and not lane.state.paused


def test_bagging_settings_are_checked():
    assert lane_settings_from({"bagging_tolerance_g": 30}).bagging_tolerance_g == 30
    for bad in ({"bagging_check": "yes"}, {"bagging_tolerance_g": -1},
                {"bagging_tolerance_g": True}, {"bagging_device": ""}):
        with pytest.raises(LaneSettingsError):
            lane_settings_from(bad)
