"""Self-checkout sales through the lane's screens, the rig's ptys and the real backend (Pilot)."""

from __future__ import annotations

from lane_helpers import (
    ATTENDANT_CARD,
    CODE128,
    EAN13,
    click,
    journal_entries,
    on,
    ready,
    shows,
    until,
)

from pos.data import demo_products as demo
from pos.journal import EventType
from tests.fixtures.printed import wait_for_receipt


async def pay_by_card(pilot, rig) -> None:
    app = pilot.app
    await click(pilot, "#pay")
    await until(pilot, on(app, "PayScreen"), what="the payment screen")
    assert not app.screen.query("#cash")  # no cash at this lane
    rig.pay("approve")
    await click(pilot, "#card")
    await until(pilot, on(app, "DoneScreen"), what="the thank-you screen")


async def test_lane_sale_member_skipped_then_another_with_member(backend_server, rig, lane_app):
    ola = backend_server.member("ola")
    app = lane_app(backend_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app), what="the welcome screen")
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"), what="the member question")
        await click(pilot, "#skip")  # voluntary: "Nei takk"
        await until(pilot, on(app, "ScanScreen"))
        rig.scan(demo.COLA_0_5L, aim=EAN13)
        await until(pilot, lambda: app.sale_view and app.sale_view.totals.item_count == 2,
                    what="the cola")
        await until(pilot, shows(app, "#member-line", "Uten medlemskort"))
        await pay_by_card(pilot, rig)
        first = app.state.receipt_text
        assert "Helmelk" in first and "Pant" in first
        await until(pilot, lambda: app.sale_view is None, what="the sale closed")

        await click(pilot, "#new")
        await until(pilot, on(app, "WelcomeScreen"))
        rig.scan(demo.BREAD, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"))
        rig.card(ola["card_number"], as_="msr")  # the member card this time
        await until(pilot, on(app, "ScanScreen"), what="the member accepted")
        await until(pilot, shows(app, "#member-line", "Medlem"))
        member_line = str(app.screen.query_one("#member-line").render())
        assert ola["card_number"][-4:] in member_line and ola["card_number"] not in member_line
        await pay_by_card(pilot, rig)
        second = app.state.receipt_text
        assert ola["card_number"][-4:] in second and ola["card_number"] not in second
        printed = wait_for_receipt(rig, ola["card_number"][-4:])
        assert ola["card_number"] not in printed
        completed = journal_entries(app, EventType.SALE_COMPLETED)
        assert len(completed) == 2 and all(e.operator_id == "90" for e in completed)


async def test_age_limited_item_is_approved_in_place_by_an_attendant(
    backend_server, rig, lane_app
):
    app = lane_app(backend_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app))
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"))
        await click(pilot, "#skip")
        rig.scan(demo.BEER, aim=EAN13)
        await until(pilot, on(app, "WaitScreen"), what="the lane to pause for ID")
        await until(pilot, shows(app, "#instruction", "aldersgrense"))
        rig.scan(demo.BREAD, aim=EAN13)  # the lane is paused: nothing is added
        await until(pilot, lambda: app.last_notice and app.last_notice.code == "lane_paused")
        rig.scan(ATTENDANT_CARD, aim=CODE128)  # the attendant's card on the lane's scanner
        await until(pilot, on(app, "AttendantScreen"), what="attendant mode")
        await until(pilot, shows(app, "#headline", "Anne Assistent"))
        await click(pilot, "#age-yes")
        await until(pilot, lambda: not app.state.paused, what="the age approved")
        await click(pilot, "#att-done")
        await until(pilot, on(app, "ScanScreen"), what="the shopper's screen again")
        assert app.sale_view.totals.item_count == 2  # milk and beer, not the bread
        await pay_by_card(pilot, rig)
        approved = journal_entries(app, EventType.AGE_CONFIRMED)
        assert [e.operator_id for e in approved] == ["9001"]
        sign_off = [e for e in journal_entries(app, EventType.OPERATOR_LOGOUT)
                    if e.operator_id == "9001"]
        assert sign_off[-1].payload["actions"] == [{"action": "age_approved"}]


async def test_the_language_button_switches_every_screen(backend_server, rig, lane_app):
    app = lane_app(backend_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, ready(app))
        await click(pilot, "#lang")
        await until(pilot, shows(app, "#headline", "Welcome"))
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, on(app, "MemberScreen"))
        await until(pilot, shows(app, "#headline", "Are you a member?"))
