"""ShopExpress end to end: the handheld on the rig's `handheld` pty, the lane, Coopay, the audit."""

from __future__ import annotations

from lane_helpers import (
    ATTENDANT_CARD,
    CODE128,
    EAN13,
    QR,
    Draws,
    click,
    journal_entries,
    on,
    ready,
    shows,
    until,
)

from pos.data import demo_products as demo
from pos.faces.cashier.demo_phone import DemoPhone
from pos.journal import EventType

HANDHELD = "handheld"


async def shop_on_the_handheld(app, rig, card_number: str, *codes: str, remove_first=False):
    """The member's trip on the handheld app; returns the checkout code it shows."""
    async with app.run_test(size=(80, 24)) as pilot:
        # opening a serial port flushes what was sent before: scan once it is open
        await until(pilot, lambda: app.hub.state(HANDHELD).state == "connected",
                    what="the handheld's scanner to connect")
        rig.scan(demo.MILK, aim=EAN13, device=HANDHELD)  # no member yet: refused
        await until(pilot, lambda: app.last_notice and app.last_notice.code == "member_required",
                    what="the member-first refusal")
        rig.scan(card_number, aim=CODE128, device=HANDHELD)  # the app's member barcode
        await until(pilot, lambda: app.state.member is not None, what="the member confirmed")
        for count, code in enumerate(codes, start=1):
            rig.scan(code, aim=EAN13, device=HANDHELD)
            await until(pilot, lambda n=count: sum(line.quantity for line in app.state.lines) == n,
                        what=f"item {count} on the list")
        if remove_first:
            app.query_one("#list").move_cursor(row=0)
            await click(pilot, "#remove")
            await until(pilot, lambda: app.state.removals == 1, what="the removal")
        total = app.state.total_ore
        await click(pilot, "#checkout")
        await until(pilot, lambda: app.state.checkout_code, what="the checkout code")
        assert "█" in str(app.query_one("#qr").render())  # drawn as a QR for the lane
        return app.state.checkout_code, total


async def test_shopexpress_trip_paid_with_coopay_and_not_twice(
    backend_server, rig, handheld_app, lane_app
):
    ola = backend_server.member("ola")
    code, handheld_total = await shop_on_the_handheld(
        handheld_app(backend_server), rig, ola["card_number"],
        demo.MILK, demo.COLA_0_5L, demo.BREAD, remove_first=True)

    app = lane_app(backend_server, draws=Draws(0.99))  # not picked for an audit
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app))
        rig.scan(code, aim=QR)  # the handheld's QR on the lane's scanner
        await until(pilot, lambda: app.sale_view and app.sale_view.totals.item_count == 2,
                    what="the trip rebuilt")
        assert on(app, "ScanScreen")()  # member known: no member question
        view = app.sale_view
        assert view.member is not None and ola["card_number"][-4:] in view.member.masked_card
        assert view.totals.total_ore == handheld_total  # the lane prices it the same
        await click(pilot, "#pay")
        await until(pilot, on(app, "PayScreen"))
        await click(pilot, "#coopay")
        with DemoPhone(backend_server.base_url, ola["phone"]) as phone:
            rig.scan(phone.coopay_qr(), aim=QR)
            await until(pilot, on(app, "DoneScreen"), what="paid by Coopay")
        assert "Coopay" in app.state.receipt_text

        await click(pilot, "#new")
        await until(pilot, on(app, "WelcomeScreen"), what="ready for the next shopper")
        rig.scan(code, aim=QR)  # the same checkout code again
        await until(pilot, lambda: app.last_notice and "allerede betalt"
                    in app.last_notice.text.nb, what="the replay refused")
        assert app.sale_view is None and on(app, "WelcomeScreen")()


async def test_audit_mismatch_escalates_to_a_full_rescan(
    backend_server, rig, handheld_app, lane_app
):
    kari = backend_server.member("kari")
    code, _ = await shop_on_the_handheld(handheld_app(backend_server), rig,
                                         kari["card_number"], demo.MILK, demo.BREAD)

    app = lane_app(backend_server, draws=Draws(0.0))  # picked
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, ready(app))
        rig.scan(code, aim=QR)
        await until(pilot, on(app, "WaitScreen"), what="the lane to pause for the audit")
        await until(pilot, shows(app, "#instruction", "kontroll"))
        assert not app.screen.query("#pay")  # no Pay button while paused
        rig.scan(ATTENDANT_CARD, aim=CODE128)
        await until(pilot, on(app, "AttendantScreen"), what="attendant mode")
        rig.scan(demo.MILK, aim=EAN13)  # on the trip
        rig.scan(demo.YOGHURT, aim=EAN13)  # in the bag, not on the trip
        await until(pilot, lambda: app.state.audit.phase == "full", what="the escalation")
        await until(pilot, lambda: app.screen.query("#audit-finish"), what="the Done button")
        for item in (demo.MILK, demo.YOGHURT):  # the whole bag: no bread in it
            rig.scan(item, aim=EAN13)
        await until(pilot, lambda: app.state.audit.rescanned == 2, what="the full rescan")
        await click(pilot, "#audit-finish")
        await until(pilot, lambda: app.state.audit.outcome == "corrected", what="corrected")
        names = [line.description for line in app.sale_view.lines if not line.voided]
        assert any("Yoghurt" in n for n in names) and not any("Grovbrød" in n for n in names)
        await click(pilot, "#att-done")
        await until(pilot, on(app, "ScanScreen"), what="back to the shopper")
        rig.pay("approve")
        await click(pilot, "#pay")
        await until(pilot, on(app, "PayScreen"))
        await click(pilot, "#card")
        await until(pilot, on(app, "DoneScreen"), what="paid")

        sign_off = [e for e in journal_entries(app, EventType.OPERATOR_LOGOUT)
                    if e.operator_id == "9001"][-1]
        audit = sign_off.payload["actions"][0]
        assert audit["action"] == "audit" and audit["escalated"]
        assert audit["outcome"] == "corrected" and audit["mismatches"] == ["0" + demo.YOGHURT]
        assert audit["reasons"] == ["first_trip"]
        voided = journal_entries(app, EventType.LINE_VOIDED)
        assert voided and {e.operator_id for e in voided} == {"9001"}
