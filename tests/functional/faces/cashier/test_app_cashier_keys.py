"""The cashier's keys on a till without devices or backend: search, PLU + weight, unknown
barcode, void line, suspend/resume, void sale, language, help, logout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.app import TillApp
from pos.faces.cashier.screens.dialogs import ConfirmDialog, NumberDialog, UnknownCodeDialog
from pos.faces.cashier.screens.help import HelpScreen
from pos.faces.cashier.screens.login import LoginScreen
from pos.faces.cashier.screens.search import SearchScreen
from pos.faces.cashier.screens.suspended import SuspendedScreen
from pos.faces.cashier.widgets.basket import Basket
from pos.till.engine import Till
from tests.functional.faces.cashier.conftest import until


@pytest.fixture
def app(tmp_path):
    config = TillConfig(data_dir=tmp_path / "till")
    clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
    return TillApp(Till.open(config, clock=clock), show_clock=False)


async def logged_in(pilot) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
    await pilot.click("#operator")
    await pilot.press("1", "enter", *"1234", "enter")
    await until(pilot, lambda: app.sale_screen is not None, what="the sale screen")


async def type_line(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.app.settle()
    await pilot.pause()


async def test_wrong_pin_is_refused_and_the_right_one_logs_in(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
        await pilot.click("#operator")
        await pilot.press("1", "enter", *"9999", "enter")
        error = app.screen.query_one("#login-error")
        await until(pilot, lambda: "Feil" in str(error.render()), what="the refusal")
        assert app.sale_screen is None
        await pilot.press("1", "enter", *"1234", "enter")
        await until(pilot, lambda: app.sale_screen is not None, what="the sale screen")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="logged out")


async def test_loose_produce_by_plu_asks_for_the_weight(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.BANANAS_PLU)
        await until(pilot, lambda: isinstance(app.screen, NumberDialog), what="weight dialog")
        await pilot.press(*"628", "enter")
        await until(pilot, lambda: app.sale_view is not None, what="the bananas")
        line = app.sale_view.lines[0]
        assert line.weight_g == 628 and "Banan" in line.description


async def test_name_search_adds_the_chosen_product(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, "helmelk")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")
        await pilot.press("enter")
        await until(pilot, lambda: app.sale_view is not None, what="the milk")
        assert "Helmelk" in app.sale_view.lines[0].description


async def test_unknown_barcode_offers_lookup_or_skip(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, "7000000000009")
        await until(pilot, lambda: isinstance(app.screen, UnknownCodeDialog), what="dialog")
        await pilot.press("escape")  # skip: nothing added, the till goes on
        assert app.sale_view is None
        await type_line(pilot, "7000000000009")
        await until(pilot, lambda: isinstance(app.screen, UnknownCodeDialog), what="dialog")
        await pilot.press("s")  # price lookup: the search opens
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), what="search")


async def test_quantity_void_line_suspend_resume_and_void_sale(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, "3*")
        notice = app.sale_screen.query_one("#notice")
        await until(pilot, lambda: "Antall 3" in str(notice.render()), what="quantity armed")
        await type_line(pilot, demo.MILK)
        await type_line(pilot, demo.BREAD)
        assert [line.quantity for line in app.sale_view.lines] == [3, 1]

        await pilot.press("f4")  # the cursor is on the newest line: bread
        await app.settle()
        bread = app.sale_view.lines[1]
        assert bread.voided and len(app.sale_view.lines) == 2  # kept, marked
        assert "annullert" in str(app.sale_screen.query_one(Basket).get_row_at(1)[1])

        sale_id = app.sale_view.sale_id
        await pilot.press("f6")  # suspend
        await app.settle()
        assert app.sale_view is None
        await pilot.press("f7")
        await until(pilot, lambda: isinstance(app.screen, SuspendedScreen), what="the list")
        await pilot.press("enter")
        await until(pilot, lambda: app.sale_view is not None, what="the resumed sale")
        assert app.sale_view.sale_id == sale_id

        await pilot.press("f8")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="confirm")
        await pilot.press("j")
        await until(pilot, lambda: app.sale_view is None, what="the sale voided")


async def test_language_switch_and_help(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await pilot.press("f10")
        notice = app.sale_screen.query_one("#notice")
        await until(pilot, lambda: "Ready – scan" in str(notice.render()), what="English")
        assert app.lang == "en"
        assert "Barcode, PLU" in app.sale_screen.query_one("#code").placeholder
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await pilot.press("escape")
        await pilot.press("f10")
        await until(pilot, lambda: app.lang == "nb", what="back to bokmål")


async def test_command_palette_opens_the_payment(app):
    from pos.faces.cashier.screens.payment import PaymentScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.MILK)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Betal")

        def found() -> bool:  # the palette searches in the background
            results = app.screen.query("CommandList")
            return bool(results) and results.first().option_count > 0

        await until(pilot, found, what="the palette to find Betal")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
