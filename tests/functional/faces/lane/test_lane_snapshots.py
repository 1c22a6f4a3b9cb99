"""Snapshots of every shopper-facing screen of the lane and the handheld, at 80x24 and 120x36.

Deterministic pictures: a stepping clock on a weekday noon, a fresh journal, no
devices and no backend (nothing changes in the background), a fixed audit draw
and trip id. The member is attached through the engine's own recording step as
the backend would return it (a lookup needs a running backend, not needed for a
picture). Update with `pytest --snapshot-update` after a deliberate UI change.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from lane_helpers import ATTENDANT_CARD, WEEKDAY_NOON, Draws

from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.catalog import load_default_catalog
from pos.domain.clock import SteppingClock
from pos.domain.member import MemberRef
from pos.domain.shopexpress import Trip, encode_checkout_code
from pos.faces.handheld.app import HandheldApp
from pos.faces.lane.app import LaneApp
from pos.handheld.handheld import Handheld
from pos.lane.lane import Lane
from pos.lane.settings import LaneSettings
from pos.till import Till

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
OLA = MemberRef("mo01k7x2p9qa", "************0028", role="owner", initials="ON")
SETTINGS = LaneSettings(cash=True)


def clock() -> SteppingClock:
    return SteppingClock(WEEKDAY_NOON, timedelta(seconds=1))


@pytest.fixture
def make_lane_app(tmp_path):
    def make(draw: float = 0.99) -> LaneApp:
        till = Till.open(TillConfig(data_dir=tmp_path / "lane"), clock=clock())
        return LaneApp(Lane(till, SETTINGS, rng=Draws(draw)), sync=False)

    return make


async def settled(pilot) -> None:
    await pilot.app.settle()
    await pilot.pause()
    await pilot.pause()


async def member_question(pilot) -> None:
    await pilot.app.bridge.call(pilot.app.lane.scan, demo.MILK, "ean13")
    await settled(pilot)


async def scanning(pilot) -> None:
    lane, call = pilot.app.lane, pilot.app.bridge.call
    await call(lane.till.attach_member, OLA)  # the member card first
    for code in (demo.MILK, demo.COLA_0_5L, demo.CHEESE_452_G, demo.BREAD):
        await call(lane.scan, code, "ean13")
    await settled(pilot)


async def paying(pilot) -> None:
    await scanning(pilot)
    await pilot.app.bridge.call(pilot.app.lane.pay)
    await settled(pilot)


async def waiting_for_age(pilot) -> None:
    lane, call = pilot.app.lane, pilot.app.bridge.call
    await call(lane.scan, demo.MILK, "ean13")
    await call(lane.skip_member)
    await call(lane.scan, demo.BEER, "ean13")
    await settled(pilot)


async def attendant_full_rescan(pilot) -> None:
    lane, call = pilot.app.lane, pilot.app.bridge.call
    trip = Trip("5ca1ab1e00c0ffee", "1001", OLA).with_item(demo.MILK).with_item(demo.BREAD)
    await call(lane.receive_trip, encode_checkout_code(trip, SETTINGS.key_bytes))
    await call(lane.scan, ATTENDANT_CARD)
    await call(lane.scan, demo.YOGHURT, "ean13")
    await call(lane.scan, demo.MILK, "ean13")
    await settled(pilot)


async def done(pilot) -> None:
    await paying(pilot)
    await pilot.app.bridge.call(pilot.app.lane.pay_cash)
    await settled(pilot)


LANE_SCREENS = {
    "welcome": None,
    "member": member_question,
    "scanning": scanning,
    "paying": paying,
    "wait_age": waiting_for_age,
    "done": done,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(LANE_SCREENS))
def test_lane_screen(snap_compare, make_lane_app, screen, size):
    before = LANE_SCREENS[screen] or settled
    assert snap_compare(make_lane_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_lane_attendant_audit_screen(snap_compare, make_lane_app, size):
    assert snap_compare(make_lane_app(draw=0.0), terminal_size=size,
                        run_before=attendant_full_rescan)


def test_lane_scanning_in_english(snap_compare, make_lane_app):
    async def before(pilot) -> None:
        await scanning(pilot)
        pilot.app.toggle_language()
        await settled(pilot)

    assert snap_compare(make_lane_app(), terminal_size=(80, 24), run_before=before)


def handheld_app() -> HandheldApp:
    device = Handheld(catalog=load_default_catalog(), store="1001", key=SETTINGS.key_bytes,
                      clock=clock(), new_trip_id=lambda: "0123456789abcdef")
    return HandheldApp(device)


async def handheld_list(pilot) -> None:
    device, call = pilot.app.handheld, pilot.app.bridge.call
    await call(device.start_trip, OLA)
    for code in (demo.MILK, demo.MILK, demo.COLA_0_5L, demo.CHEESE_452_G):
        await call(device.scan, code)
    await pilot.pause()


async def handheld_code(pilot) -> None:
    await handheld_list(pilot)
    await pilot.app.bridge.call(pilot.app.handheld.finish)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", ["start", "list", "code"])
def test_handheld_screen(snap_compare, step, size):
    before = {"start": None, "list": handheld_list, "code": handheld_code}[step]
    assert snap_compare(handheld_app(), terminal_size=size, run_before=before)
