"""The lane's steps, the attendant and ShopExpress trips on the engine (no UI, no devices)."""

from __future__ import annotations

from lane_unit_helpers import Draws

from pos.data import demo_products as demo
from pos.domain.member import MemberRef
from pos.domain.shopexpress import Trip, encode_checkout_code
from pos.journal import EventType
from pos.lane.settings import DEMO_SHOPEXPRESS_KEY, LaneSettings
from pos.lane.state import LaneStep, WaitReason

KEY = DEMO_SHOPEXPRESS_KEY.encode()
MEMBER = MemberRef("m-0042", "**** **** **** 1234", "owner", "OL")


def checkout_code(*codes: str, trip_id: str = "00112233aabbccdd", removals: int = 0) -> str:
    trip = Trip(trip_id, "1001", MEMBER)
    for code in codes:
        trip = trip.with_item(code)
    trip = Trip(trip.trip_id, trip.store, trip.member, trip.items, removals)
    return encode_checkout_code(trip, KEY)


def sessions(lane) -> list[tuple[str, str | None, dict]]:
    return [(e.type.value, e.operator_id, dict(e.payload)) for e in lane.till.journal.entries()
            if e.type in (EventType.OPERATOR_LOGIN, EventType.OPERATOR_LOGOUT)]


async def test_first_item_asks_for_membership_and_skip_goes_on(make_lane):
    lane, _ = make_lane()
    assert lane.state.step is LaneStep.WELCOME
    await lane.scan(demo.MILK)
    assert lane.state.step is LaneStep.MEMBER
    lane.skip_member()
    assert lane.state.step is LaneStep.SCANNING and lane.state.member_skipped
    await lane.scan(demo.BREAD)
    assert lane.pay()
    lane.pay_cash()
    assert lane.state.step is LaneStep.DONE and "Helmelk" in lane.state.receipt_text
    completed = [e for e in lane.till.journal.entries() if e.type == EventType.SALE_COMPLETED]
    assert completed[0].operator_id == "90"  # the lane's own session


async def test_no_cash_unless_the_lane_has_it(make_lane):
    lane, events = make_lane(LaneSettings(cash=False))
    await lane.scan(demo.MILK)
    lane.skip_member()
    lane.pay()
    lane.pay_cash()
    assert "cash_not_accepted" in events.codes() and lane.till.sale is not None


async def test_age_item_pauses_until_an_attendant_approves_with_a_pin(make_lane):
    lane, events = make_lane()
    await lane.scan(demo.MILK)
    lane.skip_member()
    await lane.scan(demo.BEER)
    assert lane.state.waiting_for == (WaitReason.AGE,)
    assert not lane.pay()  # paused
    await lane.scan(demo.BREAD)
    assert "lane_paused" in events.codes() and lane.till.sale.totals.item_count == 2
    assert not lane.approve_age()  # the shopper cannot
    assert not lane.attendant_pin("0000")
    assert lane.attendant_pin("9999")
    assert lane.state.attendant_name == "Anne Assistent"
    assert lane.approve_age() and not lane.state.paused
    assert lane.attendant_done()
    confirmed = [e for e in lane.till.journal.entries() if e.type == EventType.AGE_CONFIRMED]
    assert confirmed[0].operator_id == "9001"  # journaled with who did it
    logout = [s for s in sessions(lane) if s[0] == "operator.logout" and s[1] == "9001"]
    assert logout[-1][2]["actions"] == [{"action": "age_approved"}]
    assert lane.pay()


async def test_attendant_card_voids_a_line_and_cancels_the_sale(make_lane):
    lane, _ = make_lane()
    await lane.scan(demo.MILK)
    lane.skip_member()
    await lane.scan(demo.BREAD)
    assert not lane.void_line(1)
    await lane.scan("ANSATT-9001", "code128")  # the attendant card on the lane's scanner
    assert lane.state.attendant_id == "9001"
    assert lane.void_line(lane.till.sale.lines[0].line_id)
    assert lane.till.sale.totals.item_count == 1
    assert lane.cancel_sale()
    assert lane.till.sale is None and lane.state.step is LaneStep.WELCOME
    await lane.scan("ANSATT-9001")  # the same card again signs off
    assert lane.state.attendant_id is None and lane.till.operator.operator_id == "90"
    voided = [e for e in lane.till.journal.entries() if e.type == EventType.SALE_VOIDED]
    assert voided[0].operator_id == "9001"


async def test_attendant_reprints_the_receipt_once(make_lane):
    lane, _ = make_lane()
    await lane.scan(demo.MILK)
    lane.skip_member()
    lane.pay()
    lane.pay_cash()
    lane.attendant_pin("9999")
    assert lane.reprint()
    assert not lane.reprint()  # the regulation allows one copy
    copies = [e for e in lane.till.journal.entries() if e.type == EventType.RECEIPT_COPY_PRINTED]
    assert len(copies) == 1 and copies[0].operator_id == "9001"


async def test_a_trip_rebuilds_the_sale_with_the_member_and_is_paid_once(make_lane):
    lane, events = make_lane(draws=Draws(0.99))  # not audited
    code = checkout_code(demo.MILK, demo.MILK, demo.BREAD)
    assert await lane.receive_trip(code)
    sale = lane.till.sale
    assert sale.member.member_ref == "m-0042" and sale.totals.item_count == 3
    assert lane.state.step is LaneStep.SCANNING and lane.state.trip_id == "00112233aabbccdd"
    lane.pay()
    lane.pay_cash()
    assert lane.state.step is LaneStep.DONE
    assert not await lane.receive_trip(code)  # a replayed checkout code
    assert events.codes()[-1] == "till_error" and lane.till.sale is None


async def test_an_edited_trip_is_refused(make_lane):
    lane, events = make_lane()
    code = checkout_code(demo.MILK)
    assert not await lane.receive_trip(code[:-3] + ("AAA" if code[-3:] != "AAA" else "BBB"))
    assert events.codes()[-1] == "checkout_code_forged" and lane.till.sale is None


async def test_audit_sample_passes_and_is_journaled_with_the_attendant(make_lane):
    settings = LaneSettings(cash=True)
    lane, _ = make_lane(settings, Draws(0.0))  # always picked
    await lane.receive_trip(checkout_code(demo.MILK, demo.BREAD, demo.BREAD))
    assert lane.state.waiting_for == (WaitReason.AUDIT,) and not lane.pay()
    assert lane.state.audit.reasons == ("first_trip",)
    await lane.scan("ANSATT-9001")
    for code in (demo.BREAD, demo.MILK, demo.BREAD):
        await lane.scan(code, "ean13")
    assert lane.state.audit.phase == "done" and lane.state.audit.outcome == "passed"
    assert lane.attendant_done() and lane.pay()
    logout = [s for s in sessions(lane) if s[0] == "operator.logout" and s[1] == "9001"][-1]
    audit = logout[2]["actions"][0]
    assert audit["action"] == "audit" and audit["outcome"] == "passed"
    assert audit["trip_id"] == "00112233aabbccdd"


async def test_audit_mismatch_escalates_to_a_full_rescan_that_corrects_the_sale(make_lane):
    lane, events = make_lane(LaneSettings(cash=True), Draws(0.0))
    await lane.receive_trip(checkout_code(demo.MILK, demo.BREAD))
    total_before = lane.till.sale.totals.total_ore
    await lane.scan("ANSATT-9001")
    await lane.scan(demo.YOGHURT)  # in the bag, not on the trip
    assert lane.state.audit.phase == "full" and "audit_escalated" in events.codes()
    assert not lane.attendant_done()  # the check must be finished
    for code in (demo.MILK, demo.YOGHURT):  # the bag: milk and yoghurt, no bread
        await lane.scan(code)
    assert await lane.finish_full_rescan()
    names = [line.description for line in lane.till.sale.lines if not line.voided]
    assert any("Yoghurt" in n for n in names) and not any("Grovbrød" in n for n in names)
    assert lane.state.audit.outcome == "corrected"
    assert lane.till.sale.totals.total_ore != total_before
    assert lane.attendant_done()
    logout = [s for s in sessions(lane) if s[0] == "operator.logout" and s[1] == "9001"][-1]
    audit = logout[2]["actions"][0]
    assert audit["escalated"] and audit["outcome"] == "corrected"
    assert audit["extra"] == {"0" + demo.BREAD: 1}
    voided = [e for e in lane.till.journal.entries() if e.type == EventType.LINE_VOIDED]
    assert voided and all(e.operator_id == "9001" for e in voided)


async def test_a_restart_signs_off_a_left_attendant_and_keeps_the_sale(make_lane):
    lane, _ = make_lane()
    await lane.scan(demo.MILK)
    lane.attendant_pin("9999")
    lane.till.journal.close()
    lane.trips.close()
    again, _ = make_lane()
    assert again.till.operator.operator_id == "90"
    assert again.state.step is LaneStep.SCANNING and again.till.sale.totals.item_count == 1


async def test_a_coopay_code_at_the_member_question_does_not_pay(make_lane):
    from pos.formats.coopay_qr import encode_payload

    lane, events = make_lane()
    await lane.scan(demo.MILK)
    await lane.scan(encode_payload(b"\x01" * 16, b"\x00" * 16))  # the app's payment QR
    assert events.codes()[-1] == "coopay_at_payment"
    assert lane.state.step is LaneStep.SCANNING and not lane.till.sale.tenders


async def test_beer_outside_sales_hours_is_refused_with_the_reason(make_lane, clock):
    from datetime import datetime

    from lane_unit_helpers import OSLO

    clock.now = datetime(2025, 3, 9, 12, 0, tzinfo=OSLO)  # a Sunday
    lane, events = make_lane()
    await lane.scan(demo.MILK)
    lane.skip_member()
    await lane.scan(demo.BEER)
    assert "beer_hours" in events.codes()
    assert lane.till.sale.totals.item_count == 1 and not lane.state.paused
