"""Snapshot tests of the main screens (pytest-textual-snapshot; plain `def` tests).

Deterministic pictures: a stepping clock on a weekday noon, a fresh journal,
no device hub and no backend key (so no background sync changes the status bar
while the picture is taken), the header clock off. The member on the sale is
attached through the engine's own recording step as the backend would return
it (the one stand-in: a lookup needs a running backend, which is not needed for
a picture). Update with `pytest --snapshot-update` after a deliberate UI change.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.clock import OSLO, SteppingClock
from pos.domain.member import MemberRef
from pos.faces.cashier.app import TillApp
from pos.till.engine import Till

SIZE = (120, 36)


@pytest.fixture
def make_app(tmp_path):
    def make(lang: str = "nb") -> TillApp:
        config = TillConfig(data_dir=tmp_path / "till", lang=lang, mode="demo")
        clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
        till = Till.open(config, clock=clock)
        return TillApp(till, lang=lang, demo=True, show_clock=False)

    return make


async def steady(pilot) -> None:
    """Let queued commands, animations and deferred renders (Markdown) finish.

    (The engine runs on the bridge's thread: `settle` waits for it, the pauses for the
    messages it posted.)
    """
    await pilot.app.settle()
    await pilot.wait_for_scheduled_animations()
    for _ in range(3):
        await pilot.pause()


async def logged_in(pilot) -> None:
    app = pilot.app
    await app.settle()
    await app.call(app.till.login, "1", "1234")
    await steady(pilot)


async def with_basket(pilot) -> None:
    """Milk ×2, cola with pant, 452 g cheese, a voided bread, member Emma (family of Ola)."""
    await logged_in(pilot)
    app = pilot.app
    till = app.till
    await app.call(till.enter_code, "2*" + demo.MILK)
    await app.call(till.scan, demo.COLA_0_5L, "ean13")
    await app.call(till.scan, demo.CHEESE_452_G, "ean13")
    await app.call(till.scan, demo.BREAD, "ean13")
    await app.call(till.void_line, 5)
    emma = MemberRef("me02q1rsd3rx8", "************0119", role="family",
                     initials="EN", owner_initials="ON")
    await app.call(till.attach_member, emma)
    await steady(pilot)


def test_login_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_sale_screen_with_member_and_voided_line(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=with_basket)


def test_sale_screen_in_english(snap_compare, make_app):
    async def before(pilot) -> None:
        await with_basket(pilot)
        await pilot.press("f10")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_age_check_dialog(snap_compare, make_app):
    async def before(pilot) -> None:
        await logged_in(pilot)
        await pilot.app.call(pilot.app.till.scan, demo.BEER, "ean13")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_payment_screen_after_part_cash(snap_compare, make_app):
    async def before(pilot) -> None:
        await with_basket(pilot)
        await pilot.press("f5")
        await pilot.press(*"50", "f1")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_receipt_screen(snap_compare, make_app):
    async def before(pilot) -> None:
        await with_basket(pilot)
        await pilot.press("f5", *"500", "f1")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_help_screen(snap_compare, make_app):
    async def before(pilot) -> None:
        await logged_in(pilot)
        await pilot.press("f1")
        await steady(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


DEMO_MEMBERS = [{"key": "ola", "name": "Ola Nordmann", "role": "owner", "card_status": "active",
                 "digital_account": True, "new_login_done": True, "coopay": True}]


def test_device_panel_buttons_have_their_labels(snap_compare, tmp_path):
    """F12 at 120×40: every button shows its key and what it does (not an empty bar)."""
    config = TillConfig(data_dir=tmp_path / "till", mode="demo")
    clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
    app = TillApp(Till.open(config, clock=clock), demo=True, show_clock=False,
                  demo_data={"members": DEMO_MEMBERS}, rig=object())  # no button is pressed

    async def before(pilot) -> None:
        await logged_in(pilot)
        await pilot.press("f12")
        await steady(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=before)
