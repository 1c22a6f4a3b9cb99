"""Operator and PIN typed in one burst (a script, tmux send-keys, a fast cashier) log in.

A terminal delivers a burst of keys to the app before any of them is handled;
Textual moves focus after the Enter is handled, so without care the PIN lands
in the operator field ("11234") and the login is refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from textual import events

from pos.config import TillConfig
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.app import TillApp
from pos.faces.cashier.screens.login import LoginScreen
from pos.till.engine import Till
from tests.functional.faces.cashier.conftest import until


@pytest.fixture
def app(tmp_path):
    config = TillConfig(data_dir=tmp_path / "till")
    clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
    return TillApp(Till.open(config, clock=clock), show_clock=False)


def burst(app, text: str) -> None:
    """Post every key at once, as the terminal driver does with a burst of input."""
    for char in text:
        key = "enter" if char == "\r" else char
        app.post_message(events.Key(key, char))


async def test_operator_and_pin_typed_in_one_burst_log_in(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "operator",
                    what="the operator field focused")
        burst(app, "1\r1234\r")
        await until(pilot, sale_screen_ready(app), what="the sale screen, ready to scan")


def sale_screen_ready(app):
    """The sale screen shown with its code field focused (not merely created)."""
    return lambda: app.sale_screen is not None and app.focused is not None \
        and app.focused.id == "code"


async def test_a_wrong_pin_in_a_burst_is_refused_and_a_retry_in_a_burst_works(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LoginScreen), what="login")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "operator",
                    what="the operator field focused")
        burst(app, "1\r9999\r")
        error = app.screen.query_one("#login-error")
        await until(pilot, lambda: "Feil" in str(error.render()), what="the refusal")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "operator",
                    what="back in the operator field")
        burst(app, "1\r1234\r")
        await until(pilot, sale_screen_ready(app), what="the sale screen, ready to scan")
