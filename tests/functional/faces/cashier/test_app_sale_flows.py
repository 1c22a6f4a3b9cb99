"""Whole sales through the Textual till, the rig's ptys and the real backend (Pilot)."""

from __future__ import annotations

from pos.data import demo_products as demo
from pos.domain.lines import LineKind
from pos.faces.cashier.demo_phone import DemoPhone
from pos.faces.cashier.screens.dialogs import AgeCheckDialog
from pos.faces.cashier.screens.payment import PaymentScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.widgets.basket import Basket
from pos.faces.cashier.widgets.member_panel import MemberPanel
from tests.fixtures.printed import wait_for_receipt
from tests.functional.faces.cashier.conftest import log_in, until

EAN13, CODE128, QR = "]E0", "]C0", "]Q1"


def basket_text(app) -> str:
    """What the basket shows, cell by cell, as a cashier reads it."""
    table = app.screen_stack[1].query_one(Basket) if len(app.screen_stack) > 1 else None
    if table is None:
        return ""
    rows = []
    for row in range(table.row_count):
        rows.append(" | ".join(str(cell) for cell in table.get_row_at(row)))
    return "\n".join(rows)


async def test_member_sale_weight_deposit_beer_half_cash_half_coopay(
    backend_server, rig, till_app
):
    ola = backend_server.member("ola")
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        sale = app.sale_screen

        rig.card(ola["card_number"], as_="msr")  # the member card first, by magstripe
        await until(pilot, lambda: app.sale_view and app.sale_view.member, what="the member")
        shown = sale.query_one(MemberPanel)
        await until(pilot, lambda: "medeier" in str(shown.render()), what="the member panel")
        panel = str(shown.render())
        assert ola["card_number"][-4:] in panel and ola["card_number"] not in panel
        assert "ON" in panel and "medeier" in panel

        rig.scan(demo.CHEESE_452_G, aim=EAN13)  # weight label: 452 g of cheese
        rig.scan(demo.COLA_0_5L, aim=EAN13)  # a bottle with pant
        rig.scan(demo.BEER, aim=EAN13)  # beer: ID check
        await until(pilot, lambda: isinstance(app.screen, AgeCheckDialog), what="the age check")
        await pilot.press("j")
        await until(pilot, lambda: not app.sale_view.age_check.pending, what="ID confirmed")

        view = app.sale_view
        kinds = [line.kind for line in view.lines]
        assert kinds.count(LineKind.DEPOSIT) == 2  # cola and beer each brought their pant
        shown = basket_text(app)
        assert "0,452 kg" in shown and "Ringnes" in shown and "Pant" in shown

        total = view.totals.total_ore
        half_kroner = (total // 2) // 100
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        await pilot.press(*str(half_kroner), "f1")  # half in cash
        await until(pilot, lambda: app.sale_view.tenders, what="the cash tender")
        await pilot.press("f3")  # the rest by Coopay: scan the phone's QR
        with DemoPhone(backend_server.base_url, ola["phone"]) as phone:
            rig.scan(phone.coopay_qr(), aim=QR)
            await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="receipt")

        receipt = app.screen.text
        assert "Coopay" in receipt and "Kontant" in receipt
        assert ola["card_number"] not in receipt and ola["card_number"][-4:] in receipt
        printed = wait_for_receipt(rig, ola["card_number"][-4:])
        assert ola["card_number"] not in printed
        sale_id = view.sale_id
        await pilot.press("enter")
        assert app.sale_view is None

        # the purchase synced in the background and credited Ola's kjøpeutbytte
        def credited() -> bool:
            with DemoPhone(backend_server.base_url, ola["phone"]) as phone:
                entries = phone.account()["entries"]
            return any(e["purchase_id"] == sale_id and e["kind"] == "dividend" for e in entries)

        await until(pilot, credited, what="the dividend on Ola's account")
        await until(pilot, lambda: app.status.outbox_pending == 0 and app.status.backend_online,
                    what="the status bar to show nothing waiting")
