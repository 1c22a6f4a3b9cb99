"""The self-checkout lane app: the lane engine, the device hub and the step screens.

Threads and the loop as in the cashier till (`pos.faces.cashier.app`): the lane
and its till live on the bridge's engine thread (`pos.faces.bridge`); device
events and the shopper's touches queue there in arrival order (a scan may look
up a member, authorise Coopay or rebuild a ShopExpress trip), and what the lane
reports comes back as one message per fact, handled here with `@on`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType

from devices.hub import DeviceHub
from pos.domain.view import SaleView
from pos.faces import messages
from pos.faces.bridge import Bridge
from pos.faces.heap import freeze_start_up_objects
from pos.faces.lane.screens import LaneScreen, screen_key
from pos.faces.lane.texts import t
from pos.lane.lane import Lane
from pos.lane.state import LaneState
from pos.till.events import Notice


class LaneApp(App):
    CSS_PATH = Path(__file__).with_name("lane.tcss")
    TITLE = "Coop"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Avslutt", show=False, priority=True),
    ]

    def __init__(self, lane: Lane, *, hub: DeviceHub | None = None, lang: str = "nb",
                 close_lane: bool = True, sync: bool = True) -> None:
        super().__init__()
        self.lane = lane
        self.hub = hub
        self.lang = lang
        self.close_lane = close_lane
        self.sync = sync
        self.state = LaneState(cash=lane.settings.cash)
        self.sale_view: SaleView | None = None
        self.last_notice: Notice | None = None
        self.payment_text = ""
        self._screen_key: tuple | None = None
        self.bridge = Bridge(self, engine=lane, hub=hub, name="lane-engine")
        self.ready = asyncio.Event()

    # -- life cycle -------------------------------------------------------------------------------

    async def on_mount(self) -> None:
        self.bridge.start()
        self.state = await self.bridge.call(self._start)
        await self._show_screen(force=True)
        freeze_start_up_objects()
        self.ready.set()

    def _start(self) -> LaneState:
        """On the engine thread: the language, then the lane (recovering an open sale)."""
        self.lane.till.set_language(self.lang)
        state = self.lane.start(sync=self.sync)
        self.sale_view = self.lane.till.sale
        return state

    async def on_unmount(self) -> None:
        await self.bridge.stop(self.lane.aclose if self.close_lane else None)

    def command(self, method: Callable[..., Any], *args: Any) -> None:
        """A lane command on the engine thread, after those already queued."""
        self.bridge.send(method, *args)

    async def settle(self) -> None:
        """Wait until every queued lane command and device event has run (tests)."""
        await self.bridge.settle()

    # -- lane facts -----------------------------------------------------------------------------

    @on(messages.LaneChanged)
    async def lane_changed(self, message: messages.LaneChanged) -> None:
        state = message.event.state
        if state.step != self.state.step or state.paused != self.state.paused:
            self.last_notice = None
            self.payment_text = ""
        self.state = state
        await self._show_screen()

    @on(messages.SaleChanged)
    async def sale_changed(self, message: messages.SaleChanged) -> None:
        self.sale_view = message.event.sale
        await self._show_screen()

    @on(messages.Notice)
    async def notice(self, message: messages.Notice) -> None:
        self.last_notice = message.event
        if message.event.level == "error":
            self.payment_text = ""  # refused: the shopper must not read "waiting for …" beside it
        await self._show_screen()

    @on(messages.PaymentProgress)
    @on(messages.PaymentFinished)
    async def payment_news(self, message: messages.PaymentProgress) -> None:
        self.payment_text = message.event.text.get(self.lang)
        await self._show_screen()

    async def _show_screen(self, *, force: bool = False) -> None:
        if not self.is_running or not self.screen_stack:
            return  # shutting down: events still queued have nowhere to go
        key = screen_key(self.state)
        screen = self.screen
        if force or key != self._screen_key or not isinstance(screen, LaneScreen):
            self._screen_key = key
            new = key[0]()
            if isinstance(screen, LaneScreen):
                await self.switch_screen(new)
            else:
                await self.push_screen(new)
            return
        screen.refresh_view()

    # -- buttons ----------------------------------------------------------------------------

    def press(self, button: str) -> None:
        """A touch on a button (by id): the shopper's and the attendant's choices."""
        if button == "lang":
            self.toggle_language()
            return
        if button == "coopay":
            self._coopay_prompt()
            return
        lane = self.lane
        if button == "void":
            baskets = self.screen.query("LaneBasket")
            line_id = baskets.first().selected_line_id if baskets else None
            if line_id is not None:
                self.command(lane.void_line, line_id)
            return
        actions: dict[str, Callable[[], Any]] = {
            "help": lane.call_attendant,
            "skip": lane.skip_member,
            "pay": lane.pay,
            "card": lane.pay_card,
            "cash": lane.pay_cash,
            "back": self._back,
            "new": lane.new_sale,
            "age-yes": lane.approve_age,
            "age-no": lane.refuse_age,
            "cancel": lane.cancel_sale,
            "reprint": lane.reprint,
            "att-done": lane.attendant_done,
            "audit-finish": lane.finish_full_rescan,
        }
        action = actions.get(button)
        if action is not None:
            self.command(action)

    def _back(self) -> None:
        """"Tilbake" while the terminal waits for the card cancels that payment first."""
        if self.lane.till.payment_busy:
            self.lane.cancel_card()
        else:
            self.lane.back_to_scanning()

    def _coopay_prompt(self) -> None:
        self.payment_text = t("pay_coopay_do", self.lang)
        if isinstance(self.screen, LaneScreen):
            self.screen.refresh_view()

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "nb" else "nb"
        self.command(self.lane.till.set_language, self.lang)  # the receipt follows the shopper
        self.call_later(self._show_screen, force=True)
