"""The register functions in the Textual till (F11): X and Z report, return, training.

Pilot drives the real app on a real journal; the sale itself is made through the engine
on the app's loop (the cashier keys are the UI team's tests)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pos.config import TillConfig
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.app import TillApp
from pos.faces.cashier.screens.dialogs import ConfirmDialog
from pos.faces.cashier.screens.login import LoginScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.screens.register_menu import RegisterMenu, ReportView, SupervisorDialog
from pos.faces.cashier.screens.returns import ReturnScreen
from pos.till.engine import Till
from tests.fixtures.waiting import until

MILK = "7040000001815"


@pytest.fixture
def app(tmp_path):
    config = TillConfig(data_dir=tmp_path / "till")
    clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
    return TillApp(Till.open(config, clock=clock), show_clock=False)


async def _logged_in_with_a_sale(pilot) -> int:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
    await pilot.click("#operator")
    await pilot.press("1", "enter", *"1234", "enter")
    await until(pilot, lambda: app.sale_screen is not None, what="the sale screen")
    assert await app.call(app.till.add_product, MILK, 2)
    await app.call(app.till.pay_cash)
    await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
    await pilot.press("escape")
    return app.till.journal.last_entry().seq


async def _choose(pilot, key: str) -> None:
    await pilot.press("f11")
    await until(pilot, lambda: isinstance(pilot.app.screen, RegisterMenu), what="the menu")
    menu = pilot.app.screen.query_one("#menu")
    menu.focus()
    menu.highlighted = RegisterMenu.ITEMS.index(key)
    await pilot.press("enter")


async def test_x_report_then_z_report_once(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _logged_in_with_a_sale(pilot)
        await _choose(pilot, "x")
        await until(pilot, lambda: isinstance(app.screen, ReportView), what="the X report")
        assert "X-RAPPORT" in app.screen.text and "kr 29,80" in app.screen.text
        await pilot.press("escape")
        await pilot.press("escape")
        await _choose(pilot, "z")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="Z confirmation")
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, ReportView), what="the Z report")
        assert "Z-RAPPORT" in app.screen.text and "Nr. 1" in app.screen.text
        await pilot.press("escape")
        await pilot.press("escape")
        await _choose(pilot, "z")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="Z confirmation")
        await pilot.press("j")
        await until(pilot, lambda: "allerede kjørt" in str(
            app.screen.query_one("#menu-result").render()), what="the second Z refused")


async def test_a_whole_return_by_receipt_number(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _logged_in_with_a_sale(pilot)
        await _choose(pilot, "return")
        await until(pilot, lambda: isinstance(app.screen, ReturnScreen), what="the return screen")
        await pilot.click("#return-reference")
        await pilot.press("1", "enter")
        lines = app.screen.query_one("#return-lines")
        await until(pilot, lambda: lines.option_count == 2, what="all + the milk line")
        lines.highlighted = 0
        await pilot.press("enter")
        await app.settle()
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the return receipt")
        assert "Returkvittering" in app.screen.text
        assert "Retur av kvittering nr. 1" in app.screen.text


async def test_training_is_switched_by_the_supervisor(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _logged_in_with_a_sale(pilot)
        await _choose(pilot, "training")
        await until(pilot, lambda: isinstance(app.screen, SupervisorDialog), what="the PIN")
        await pilot.press("1", "enter", *"1234", "enter")
        await until(pilot, lambda: app.till.journal.training, what="training on")
        assert "TRENING" in app.sub_title
