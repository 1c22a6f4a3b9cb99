"""A return by scanning the receipt: the till prints its code as Code 128, and a scan of it
on the returns screen (F11) finds the sale — both through the rig's real printer and scanner."""

from __future__ import annotations

import re

from pos.data import demo_products as demo
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.screens.register_menu import RegisterMenu
from pos.faces.cashier.screens.returns import ReturnScreen
from tests.fixtures.printed import wait_for_receipt
from tests.functional.faces.cashier.conftest import log_in, until

PRINTED_BARCODE = re.compile(r"\[strekkode CODE128 (KV\S+)\]")


async def test_a_return_found_by_scanning_the_printed_receipt(backend_server, rig, till_app):
    app = till_app(backend_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        rig.scan(demo.MILK, aim="]E0")
        await until(pilot, lambda: app.sale_view and len(app.sale_view.lines) == 1, what="milk")
        await app.call(app.till.pay_cash)
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
        printed = wait_for_receipt(rig, "[strekkode")
        code = PRINTED_BARCODE.search(printed).group(1)
        assert code == f"KV{backend_server.register}-1"
        await pilot.press("escape")

        await pilot.press("f11")
        await until(pilot, lambda: isinstance(app.screen, RegisterMenu), what="the menu")
        menu = app.screen.query_one("#menu")
        menu.focus()
        menu.highlighted = RegisterMenu.ITEMS.index("return")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReturnScreen), what="the return screen")

        rig.scan(code, aim="]C0")  # the receipt held under the till's scanner
        lines = app.screen.query_one("#return-lines")
        await until(pilot, lambda: lines.option_count == 2, what="all + the milk line")
        assert app.screen.reference == code
        assert app.sale_view is None  # the scan did not start a sale
