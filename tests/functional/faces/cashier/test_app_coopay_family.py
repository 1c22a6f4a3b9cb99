"""Coopay declined after a forced logout, and a family member's purchase crediting the owner."""

from __future__ import annotations

from pos.data import demo_products as demo
from pos.faces.cashier.demo_phone import DemoPhone
from pos.faces.cashier.screens.payment import PaymentScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from tests.functional.faces.cashier.conftest import log_in, until

EAN13, CODE128, QR = "]E0", "]C0", "]Q1"


def ledger(server, member: dict) -> list[dict]:
    with DemoPhone(server.base_url, member["phone"]) as phone:
        return phone.account()["entries"]


async def test_coopay_declined_after_forced_logout_card_still_credited(
    backend_server, rig, till_app
):
    ola = backend_server.member("ola")
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        rig.scan(ola["card_number"], aim=CODE128)  # the physical card, as a barcode
        rig.scan(demo.MILK, aim=EAN13)
        await until(pilot, lambda: app.sale_view and app.sale_view.member
                    and app.sale_view.lines, what="member and milk")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        payment = app.screen
        await pilot.press("f3")

        phone = DemoPhone(backend_server.base_url, ola["phone"])
        try:
            qr = phone.coopay_qr()
            phone.logout_everywhere()  # the re-login campaign's last step
        finally:
            phone.close()
        rig.scan(qr, aim=QR)
        await until(pilot, lambda: "logg inn" in str(payment.query_one("#result").render()).lower(),
                    what="the decline reason")
        assert app.sale_view is not None and not app.sale_view.tenders  # nothing was paid

        sale_id = app.sale_view.sale_id
        await pilot.press("f1")  # the shopper pays cash instead
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
        await until(pilot, lambda: any(e["purchase_id"] == sale_id
                                       for e in ledger(backend_server, ola)),
                    what="the card's purchase credited")


async def test_family_member_purchase_credits_the_owner(backend_server, rig, till_app):
    emma, ola = backend_server.member("emma"), backend_server.member("ola")
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        rig.scan(demo.BREAD, aim=EAN13)
        rig.scan(emma["card_number"], aim=CODE128)  # card read mid-sale
        await until(pilot, lambda: app.sale_view and app.sale_view.member, what="Emma")
        panel = app.sale_screen.query_one("#member")
        await until(pilot, lambda: "familiemedlem av ON" in str(panel.render()), what="owner")

        sale_id = app.sale_view.sale_id
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        rig.pay("approve")  # what the shopper will do at the terminal
        await pilot.press("f2")  # bank card at the terminal
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
        assert "Bankkort" in app.screen.text

        def credited_to_owner() -> bool:
            return any(e["purchase_id"] == sale_id and e["bought_by"]["role"] == "family"
                       for e in ledger(backend_server, ola))

        await until(pilot, credited_to_owner, what="Emma's purchase on Ola's account")


async def test_blocked_card_is_refused_with_the_reason(backend_server, rig, till_app):
    from pos.faces.cashier.screens.dialogs import MessageDialog

    lise = backend_server.member("lise")
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        rig.scan(demo.MILK, aim=EAN13)
        rig.card(lise["card_number"], as_="msr")
        await until(pilot, lambda: isinstance(app.screen, MessageDialog), what="the refusal")
        assert "sperret" in app.screen.body.lower()  # the backend's reason, in Norwegian
        await pilot.press("enter")
        assert app.sale_view.member is None and len(app.sale_view.lines) == 1
