"""A till a cashier trusts at a glance: what the screen says is about now, keys do what they say.

Each test is one finding of a newcomer's tour (issue 15): a stale notice, a key that
was ignored or acted without asking, a header in the wrong language, a restart that
skipped the PIN, a quantity called an "unknown barcode", a dialog saying one thing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.app import TillApp
from pos.faces.cashier.screens.dialogs import AgeCheckDialog, ConfirmDialog, UnknownCodeDialog
from pos.faces.cashier.screens.login import LoginScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.screens.sale import SaleScreen
from pos.faces.cashier.widgets.basket import Basket
from pos.till.engine import Till
from tests.functional.faces.cashier.conftest import until

UNKNOWN_GTIN = "4006381333931"  # a valid GTIN that is not in the demo catalogue


@pytest.fixture
def make_app(tmp_path):
    def make() -> TillApp:
        config = TillConfig(data_dir=tmp_path / "till")
        clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
        return TillApp(Till.open(config, clock=clock), show_clock=False)

    return make


async def logged_in(pilot) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
    await pilot.click("#operator")
    await pilot.press("1", "enter", *"1234", "enter")
    await until(pilot, lambda: isinstance(app.screen, SaleScreen), what="the sale screen")


async def type_line(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.app.settle()


def notice(app) -> str:
    return str(app.sale_screen.query_one("#notice").render())


@pytest.mark.parametrize("typed", ["0*", "1000*", "-2*"])
async def test_a_quantity_out_of_range_is_refused_as_a_quantity(make_app, typed):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, typed + demo.MILK)
        await until(pilot, lambda: "Antall må være 1–999" in notice(app), what="the refusal")
        assert not isinstance(app.screen, UnknownCodeDialog)  # not an "unknown barcode"
        assert app.sale_view is None  # and nothing was added


async def test_a_notice_about_the_last_line_goes_when_the_next_line_is_in(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.BEER)
        await until(pilot, lambda: isinstance(app.screen, AgeCheckDialog), what="the age check")
        await pilot.press("n")
        await until(pilot, lambda: "aldersgrense er fjernet" in notice(app), what="refused")

        await type_line(pilot, demo.BREAD)
        await until(pilot, lambda: app.sale_view and any(
            "Grovbrød" in line.description for line in app.sale_view.lines), what="bread")
        await app.settle()
        assert "fjernet" not in notice(app)

        await pilot.press("f5", "f1")  # cash, the exact amount
        await until(pilot, lambda: isinstance(app.screen, ReceiptScreen), what="the receipt")
        await pilot.press("enter")
        await until(pilot, lambda: "Betalt" in notice(app), what="paid")
        await type_line(pilot, demo.MILK)  # the next customer's first item
        await until(pilot, lambda: app.sale_view and app.sale_view.lines, what="milk")
        await app.settle()
        assert "Betalt" not in notice(app)


async def test_the_age_check_takes_capitals_and_esc_does_not_remove_the_beer(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.BEER)
        await until(pilot, lambda: isinstance(app.screen, AgeCheckDialog), what="the age check")
        await pilot.press("escape")
        await app.settle()
        assert isinstance(app.screen, AgeCheckDialog)  # still asking: Esc is not an answer
        assert not any(line.voided for line in app.sale_view.lines)
        await pilot.press("N")  # shift held: still a no
        await until(pilot, lambda: all(line.voided for line in app.sale_view.lines),
                    what="the refused beer removed")

        await type_line(pilot, demo.BEER)
        await until(pilot, lambda: isinstance(app.screen, AgeCheckDialog), what="asked again")
        await pilot.press("J")  # shift held: still a yes
        await until(pilot, lambda: isinstance(app.screen, SaleScreen), what="approved")
        await app.settle()
        assert not app.sale_view.lines[-1].voided and not app.sale_view.lines[-2].voided


async def test_quitting_with_a_sale_open_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.MILK)
        await until(pilot, lambda: app.sale_view and app.sale_view.lines, what="milk")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the question")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, SaleScreen), what="back to the sale")
        assert app.return_code is None and len(app.sale_view.lines) == 1
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="asked again")
        await pilot.press("j")
        await until(pilot, lambda: app.return_code is not None, what="the till to quit")


async def test_after_a_restart_the_sale_waits_for_the_pin(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.MILK)
        await until(pilot, lambda: app.sale_view and app.sale_view.lines, what="milk")
    again = make_app()  # the same journal: a restart
    async with again.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: again.sale_view is not None, what="the sale replayed")
        await again.settle()
        assert isinstance(again.screen, LoginScreen)  # nobody is logged in without the PIN
        assert "Operatør" not in again.sub_title
        await logged_in(pilot)
        basket = again.sale_screen.query_one(Basket)
        await until(pilot, lambda: basket.row_count == 1, what="the sale back on screen")


async def test_the_header_follows_the_language_and_the_logout(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        assert "Kasse 3 · Operatør 1" in app.sub_title
        await pilot.press("f10")
        await until(pilot, lambda: "Register 3 · Operator 1" in app.sub_title, what="English")
        await pilot.press("f10")
        await until(pilot, lambda: "Kasse 3 · Operatør 1" in app.sub_title, what="bokmål")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="logged out")
        assert app.sub_title == "Kasse 3"  # nobody is shown as logged in


async def test_an_unknown_barcode_is_explained_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, UNKNOWN_GTIN)
        await until(pilot, lambda: isinstance(app.screen, UnknownCodeDialog), what="the dialog")
        await pilot.pause()
        shown = " ".join(str(w.render()) for w in app.screen.query(".body"))
        assert shown.count(UNKNOWN_GTIN) == 1 and shown.count("finnes ikke") == 1, shown


@pytest.mark.parametrize("key", ["f2", "f3"])  # bank card, Coopay
async def test_an_amount_over_what_is_due_is_refused_at_once_and_nothing_waits(make_app, key):
    from pos.faces.cashier.screens.payment import PaymentScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await logged_in(pilot)
        await type_line(pilot, demo.MILK)
        await until(pilot, lambda: app.sale_view and app.sale_view.lines, what="milk")
        await pilot.press("f5")
        await until(pilot, lambda: isinstance(app.screen, PaymentScreen), what="payment")
        await pilot.press(*"500", key)  # 500 kr for a 25,90 sale
        result, progress = app.screen.query_one("#result"), app.screen.query_one("#progress")
        await until(pilot, lambda: str(result.render()).strip(), what="the refusal")
        await app.settle()
        assert str(progress.render()).strip() == ""  # not "waiting for the terminal / the QR"
        assert not app.sale_view.tenders
