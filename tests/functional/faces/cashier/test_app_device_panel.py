"""The demo device panel drives the rig over its control socket; the till reads the ptys."""

from __future__ import annotations

from pos.faces.cashier.screens.device_panel import DevicePanel
from pos.faces.cashier.screens.payment import PaymentScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.widgets.status_bar import StatusBar
from tests.functional.faces.cashier.conftest import log_in, until


async def test_device_panel_scans_reads_cards_pays_and_pulls_cables(backend_server, rig,
                                                                    till_app):
    ola = backend_server.member("ola")
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, DevicePanel), what="the panel")
        chosen = str(app.screen.query_one("#member-choice").render())
        assert "Ola Nordmann – eier av medlemskapet" in chosen  # bokmål, not the seed's note
        assert "owner" not in chosen and "login" not in chosen

        await pilot.press("1")  # a random everyday item, through the rig's scanner pty
        await until(pilot, lambda: app.sale_view and app.sale_view.lines, what="an item")
        result = app.screen.query_one("#panel-result")
        await until(pilot, lambda: "Utført: Skann tilfeldig vare" in str(result.render()),
                    what="the panel saying what it did, in bokmål")
        await pilot.press("5")  # Ola's card through the magstripe reader pty
        await until(pilot, lambda: app.sale_view.member, what="Ola")
        assert app.sale_view.member.masked_card.endswith(ola["card_number"][-4:])

        await pilot.press("u")  # pull the scanner cable
        bar = app.sale_screen.query_one(StatusBar)
        await until(pilot, lambda: "✖ scanner" in str(bar.render()), what="scanner unplugged")
        await pilot.press("r")
        await until(pilot, lambda: "●scanner" in str(bar.render()), what="scanner back")

        await pilot.press("escape", "f5")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        await pilot.press("f3", "f12")  # Coopay: the phone shows its QR to the scanner
        await until(pilot, lambda: isinstance(app.screen, DevicePanel), what="the panel")
        await pilot.press("8")
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
        assert "Coopay" in app.screen.text


async def test_a_logged_out_phone_says_so_as_the_app_would(backend_server, rig, till_app):
    """Issue 14.9: no raw `POST /app/v1/coopay/tokens: 401 …` in the panel."""
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        await pilot.press("f12")
        await until(pilot, lambda: isinstance(app.screen, DevicePanel), what="the panel")
        result = app.screen.query_one("#panel-result")
        await pilot.press("9")  # the phone is logged out everywhere (the campaign's last step)
        await until(pilot, lambda: "Utført" in str(result.render()), what="logged out")
        await pilot.press("8")  # and then tries to show a Coopay QR
        await until(pilot, lambda: "logget ut" in str(result.render()), what="the app's words")
        shown = str(result.render())
        assert "POST" not in shown and "401" not in shown and "/app/v1" not in shown
