"""The backend goes away mid-day: the till keeps selling, says it is offline, and catches up."""

from __future__ import annotations

from pos.data import demo_products as demo
from pos.faces.cashier.screens.payment import PaymentScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.widgets.status_bar import StatusBar
from pos.formats.coopay_qr import encode_payload
from tests.functional.faces.cashier.conftest import log_in, until

EAN13 = "]E0"


async def test_offline_sale_is_queued_shown_and_synced_when_back(backend_factory, rig, till_app):
    server = backend_factory()
    per = server.member("per")
    app = till_app(server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await until(pilot, lambda: app.status.backend_online, what="online")
        server.kill()  # the backend crashes

        rig.scan(demo.BREAD, aim=EAN13)
        rig.card(per["card_number"], as_="msr")  # accepted while offline, resolved later
        await until(pilot, lambda: app.sale_view and app.sale_view.member, what="the card")
        member = app.sale_screen.query_one("#member")
        await until(pilot, lambda: "sjekkes når" in str(member.render()), what="the card panel")
        shown = str(member.render())
        assert "medlemssystemet" in shown and "banken" not in shown  # not the bank: the members
        assert per["card_number"] not in shown

        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        await pilot.press("f3")  # Coopay needs the backend: declined clearly as unavailable
        rig.scan(encode_payload(bytes(range(16)), bytes(16)), aim="]Q1")
        result = app.screen.query_one("#result")
        await until(pilot, lambda: "ikke tilgjengelig" in str(result.render()), what="decline")
        assert not app.sale_view.tenders
        await pilot.press("f1")  # cash works
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
        await pilot.press("enter")

        bar = app.sale_screen.query_one(StatusBar)
        await until(pilot, lambda: "frakoblet" in str(bar.render())
                    and app.status.outbox_pending == 1, what="offline with 1 waiting")

        server.start()  # back on the same database and port
        await until(pilot, lambda: app.status.backend_online and app.status.outbox_pending == 0,
                    timeout=90, what="the queue drained")
        await until(pilot, lambda: "Venter på sending: 0" in str(bar.render()), what="0 shown")
