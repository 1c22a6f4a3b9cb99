"""The self-checkout lane app: the lane engine, the device hub and the step screens.

Threads and the loop as in the cashier till (`pos.faces.cashier.app`): device events come
from the hub's reader threads through `DevicePump` (`post_message`), engine and
lane events are posted too, and async lane commands (a scan may look up a
member, authorise Coopay or rebuild a ShopExpress trip) run one at a time in
one inbox task, in the order they arrived.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from devices.hub import DeviceHub
from pos.domain.view import SaleView
from pos.faces.device_pump import DevicePump
from pos.faces.lane.screens import LaneScreen, screen_key
from pos.faces.lane.texts import t
from pos.lane.lane import Lane
from pos.lane.state import LaneChanged, LaneState
from pos.till.events import Notice, PaymentFinished, PaymentProgress, SaleChanged


@dataclass
class LaneEvent(Message):
    """One event from the lane (its own `LaneChanged` or any till event) for the loop."""

    event: Any


@dataclass
class LaneDeviceEvent(Message):
    event: Any


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
        self._inbox: asyncio.Queue[tuple[Callable[..., Any], tuple]] = asyncio.Queue()
        self._pump = DevicePump(hub, self._from_device) if hub is not None else None
        self.ready = asyncio.Event()

    # -- life cycle -------------------------------------------------------------------------------

    async def on_mount(self) -> None:
        self.lane.set_listener(self._from_lane)
        self.lane.till.lang = self.lang
        self.run_worker(self._run_inbox(), name="lane-inbox", group="lane")
        if self.hub is not None:
            self.hub.start()
        if self._pump is not None:
            self._pump.start()
        self.state = self.lane.start(sync=self.sync)
        self.sale_view = self.lane.till.sale
        await self._show_screen(force=True)
        self.ready.set()

    async def on_unmount(self) -> None:
        if self._pump is not None:
            self._pump.stop()
        if self.hub is not None:
            self.hub.stop()
        self.lane.set_listener(None)
        if self.close_lane:
            await self.lane.aclose()

    # -- from threads into the loop ------------------------------------------------------------

    def _from_device(self, event: Any) -> None:
        self.post_message(LaneDeviceEvent(event))

    def _from_lane(self, event: Any) -> None:
        self.post_message(LaneEvent(event))

    def on_lane_device_event(self, message: LaneDeviceEvent) -> None:
        self._inbox.put_nowait((self.lane.handle_device_event, (message.event,)))

    async def _run_inbox(self) -> None:
        while True:
            method, args = await self._inbox.get()
            try:
                await method(*args)
            finally:
                self._inbox.task_done()

    async def settle(self) -> None:
        """Wait until every queued lane command has run (tests)."""
        await self._inbox.join()

    async def on_lane_event(self, message: LaneEvent) -> None:
        event = message.event
        if isinstance(event, LaneChanged):
            if event.state.step != self.state.step or event.state.paused != self.state.paused:
                self.last_notice = None
                self.payment_text = ""
            self.state = event.state
        elif isinstance(event, SaleChanged):
            self.sale_view = event.sale
        elif isinstance(event, Notice):
            self.last_notice = event
        elif isinstance(event, PaymentProgress | PaymentFinished):
            self.payment_text = event.text.get(self.lang)
        else:
            return
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
        lane = self.lane
        basket = self.screen.query("LaneBasket").first() if self.screen.query("LaneBasket") \
            else None
        actions: dict[str, Callable[[], Any]] = {
            "lang": self.toggle_language,
            "help": lane.call_attendant,
            "skip": lane.skip_member,
            "pay": lane.pay,
            "card": lane.pay_card,
            "coopay": self._coopay_prompt,
            "cash": lane.pay_cash,
            "back": self._back,
            "new": lane.new_sale,
            "age-yes": lane.approve_age,
            "age-no": lane.refuse_age,
            "cancel": lane.cancel_sale,
            "reprint": lane.reprint,
            "att-done": lane.attendant_done,
            "audit-finish": lane.finish_full_rescan,
            "void": lambda: basket is not None and basket.selected_line_id is not None
            and lane.void_line(basket.selected_line_id),
        }
        action = actions.get(button)
        if action is None:
            return
        if inspect.iscoroutinefunction(action):
            self._inbox.put_nowait((action, ()))
        else:
            action()

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
        self.lane.till.lang = self.lang  # the receipt follows the shopper's language
        self.call_later(self._show_screen, force=True)
