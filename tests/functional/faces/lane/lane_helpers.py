"""Helpers of the lane's functional tests (imported by name: no conftest imports)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pos.domain.clock import OSLO
from tests.fixtures.waiting import until as wait_until_async

WEEKDAY_NOON = datetime(2025, 3, 4, 12, 0, tzinfo=OSLO)  # a Tuesday: beer may be sold
EAN13, CODE128, QR = "]E0", "]C0", "]Q1"
ATTENDANT_CARD = "ANSATT-9001"


class Draws:
    """The audit's random source: 0.0 picks every trip, 0.99 almost none."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


async def until(pilot, predicate: Callable[[], object], timeout: float = 30.0,
                what: str = "the screen to change") -> None:
    """`tests.fixtures.waiting.until`, telling which lane screen and state it saw."""
    app = pilot.app
    await wait_until_async(pilot, predicate, timeout, what, describe=lambda: (
        f"screen {type(app.screen).__name__}, lane {getattr(app, 'state', None)}"))


def on(app, screen_name: str) -> Callable[[], bool]:
    return lambda: type(app.screen).__name__ == screen_name


def ready(app) -> Callable[[], bool]:
    """The welcome screen shows and every device is open: opening a serial port
    flushes what was sent to it before, so a test scans only after this."""
    def check() -> bool:
        states = app.hub.states().values() if app.hub is not None else ()
        return on(app, "WelcomeScreen")() and all(s.state == "connected" for s in states)

    return check


def journal_entries(app, kind) -> list:
    return [e for e in app.lane.till.journal.entries() if e.type == kind]


async def click(pilot, selector: str) -> None:
    """Click a button once the new screen has mounted it (screens switch on lane events)."""
    def laid_out() -> bool:
        found = pilot.app.screen.query(selector)
        return bool(found) and found.first().region.area > 0

    await until(pilot, laid_out, what=f"{selector} to show")
    await pilot.pause()
    await pilot.click(selector)


def shows(app, selector: str, text: str) -> Callable[[], bool]:
    """`selector` on the current screen shows `text` (screens fill in just after they mount)."""

    def check() -> bool:
        found = app.screen.query(selector)
        return bool(found) and text in str(found.first().render())

    return check
