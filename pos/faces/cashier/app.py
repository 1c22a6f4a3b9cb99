"""The Textual till: wires the engine, the device hub and the screens together.

Threads and the loop: the engine is touched only on this app's event loop.
Device events come from the hub's reader threads through `DevicePump`
(`post_message`, thread-safe); engine events come from the loop itself, except
`StatusChanged` from the sync worker's thread (also `post_message`). Engine
commands that talk to the backend are `async`; they run one after another in a
single inbox task so a burst of scans is applied in the order it was read and a
slow member lookup never freezes the screen.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from devices.events import Scan
from devices.hub import DeviceHub
from pos.domain.money import format_money
from pos.domain.view import SaleView
from pos.faces.cashier.i18n import other_language, tr
from pos.faces.cashier.screens.help import HelpScreen
from pos.faces.cashier.screens.login import LoginScreen
from pos.faces.cashier.screens.payment import PaymentScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.screens.sale import SaleScreen
from pos.faces.device_pump import DevicePump
from pos.faces.messages import DeviceEventMessage, StatusMessage, TillEventMessage
from pos.till.engine import Till
from pos.till.events import (
    Notice,
    PaymentFinished,
    PaymentProgress,
    ReceiptReady,
    SaleChanged,
    SessionChanged,
    StatusChanged,
)

CSS_PATH = Path(__file__).with_name("till.tcss")


class TillApp(App):
    """The till. `till` is a started-or-not engine; `hub` its devices (None: keyboard only)."""

    CSS_PATH = CSS_PATH
    TITLE = "Coop"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Avslutt", id="app.quit", show=False, priority=True),
        Binding("f12", "device_panel", "Enheter", id="app.devices", show=False),
        Binding("f11", "register_menu", "Kassefunksjoner", id="app.register", show=False),
    ]

    def __init__(
        self,
        till: Till,
        *,
        hub: DeviceHub | None = None,
        lang: str = "nb",
        demo: bool = False,
        rig: Any = None,
        demo_data: dict | None = None,
        close_till: bool = True,
        show_clock: bool = True,
    ) -> None:
        super().__init__()
        self.till = till
        self.hub = hub
        self.lang = lang
        self.demo = demo
        self.rig = rig
        self.demo_data = demo_data or {}
        self.close_till = close_till
        self.show_clock = show_clock
        self.sale_view: SaleView | None = None
        self.demo_member_index = 1  # ola: an owner with Coopay, logged in with the new login
        self.demo_phones: dict[str, Any] = {}
        self.status = StatusChanged()
        self.operator: SessionChanged = SessionChanged(None)
        self.last_notice: Notice | None = None
        self.receipt_note = ""
        """"Paid – receipt no. N – change …", shown on the sale screen once the sale has closed."""
        self._inbox: asyncio.Queue[tuple[Callable[..., Any], tuple]] = asyncio.Queue()
        self._pump = DevicePump(hub, self._from_device) if hub is not None else None
        self.ready = asyncio.Event()
        """Set once the first screen shows the engine's state (bench: start-up to ready)."""

    # -- life cycle ----------------------------------------------------------------------------

    async def on_mount(self) -> None:
        self.title = tr("app_title", self.lang)
        self.sub_title = f"{tr('register', self.lang)} {self.till.register}"
        self.till.set_listener(self._from_engine)
        self.run_worker(self._run_inbox(), name="engine-inbox", group="engine")
        await self.push_screen(LoginScreen())
        if self.hub is not None:
            self.hub.start()
        if self._pump is not None:
            self._pump.start()
        self.till.start()

    async def on_unmount(self) -> None:
        if self._pump is not None:
            self._pump.stop()
        if self.hub is not None:
            self.hub.stop()
        self.till.set_listener(None)
        for phone in self.demo_phones.values():
            phone.close()
        if self.close_till:
            await self.till.aclose()

    # -- from threads into the loop -------------------------------------------------------------

    def _from_device(self, event) -> None:
        """Called in the pump thread."""
        self.post_message(DeviceEventMessage(event))

    def _from_engine(self, event) -> None:
        """Called on the loop (commands) or in the sync thread (status)."""
        if isinstance(event, Notice):
            self.last_notice = event
        if isinstance(event, StatusChanged):
            self.post_message(StatusMessage(event))
        else:
            self.post_message(TillEventMessage(event))

    def on_device_event_message(self, message: DeviceEventMessage) -> None:
        receive_scan = getattr(self.screen, "receive_scan", None)
        if isinstance(message.event, Scan) and receive_scan is not None:
            receive_scan(message.event.data)  # e.g. a receipt's barcode on the returns screen
            return
        self._inbox.put_nowait((self.till.handle_device_event, (message.event,)))

    async def _run_inbox(self) -> None:
        """Apply async engine commands one at a time, in arrival order."""
        while True:
            method, args = await self._inbox.get()
            try:
                await method(*args)
                self._show_armed_quantity()
            finally:
                self._inbox.task_done()

    def _show_armed_quantity(self) -> None:
        """After `3*`: tell the cashier the next item comes three times."""
        quantity = self.till.quantity_prefix
        if quantity is not None and self.sale_screen is not None:
            self.sale_screen.query_one("#notice").show_text(
                tr("quantity_armed", self.lang, n=quantity), "warning"
            )

    def command(self, method: Callable[..., Any], *args: Any) -> Any:
        """Run an engine command: async ones through the inbox, plain ones right away."""
        if inspect.iscoroutinefunction(method):
            self._inbox.put_nowait((method, args))
            return None
        return method(*args)

    async def settle(self) -> None:
        """Wait until every queued engine command has run (tests, bench)."""
        await self._inbox.join()

    # -- engine events ---------------------------------------------------------------------------

    def on_status_message(self, message: StatusMessage) -> None:
        self.status = message.status
        for screen in self.screen_stack:
            if hasattr(screen, "show_status"):
                screen.show_status(message.status)

    def on_till_event_message(self, message: TillEventMessage) -> None:
        event = message.event
        if isinstance(event, SessionChanged):
            self._session_changed(event)
            return
        if isinstance(event, SaleChanged):
            self.sale_view = event.sale
        if isinstance(event, ReceiptReady):
            self._show_receipt(event)
            return
        sale_screen = self.sale_screen
        payment = self.screen if isinstance(self.screen, PaymentScreen) else None
        if payment is not None and isinstance(
            event, PaymentProgress | PaymentFinished | Notice | SaleChanged
        ):
            payment.handle_event(event)
            if not isinstance(event, SaleChanged):
                return
        if sale_screen is not None:
            sale_screen.handle_event(event)

    @property
    def sale_screen(self) -> SaleScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, SaleScreen)), None)

    def _session_changed(self, event: SessionChanged) -> None:
        self.operator = event
        if event.operator_id is None:
            if not isinstance(self.screen, LoginScreen):
                self.switch_to(LoginScreen())
        else:
            training = f" · {tr('training', self.lang)}" if self.till.journal.training else ""
            self.sub_title = (f"{tr('register', self.lang)} {self.till.register} · "
                              f"{tr('operator', self.lang)} {event.operator_id} "
                              f"{event.operator_name}{training}")
            if self.sale_screen is None:
                self.switch_to(SaleScreen())
        self.ready.set()

    def switch_to(self, screen: Screen) -> None:
        """Replace the whole stack below the default screen with `screen`."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def _show_receipt(self, event: ReceiptReady) -> None:
        while isinstance(self.screen, PaymentScreen) or len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(ReceiptScreen(event.text, event.change_ore, self.lang))
        change = (f" – {tr('pay_change', self.lang)} "
                  f"{format_money(event.change_ore, self.lang)}") if event.change_ore else ""
        self.receipt_note = f"{tr('pay_done', self.lang)} ({event.receipt_number}){change}"

    # -- commands the screens use ---------------------------------------------------------------

    def login(self, operator_id: str, pin: str) -> str | None:
        """Log in; returns the refusal text, or None on success."""
        self.last_notice = None
        if self.till.login(operator_id, pin):
            return None
        return self.last_notice.text.get(self.lang) if self.last_notice else "?"

    def suspended_sales(self) -> list[tuple[str, str]]:
        out = []
        for view in self.till.suspended():
            when = view.opened_at.strftime("%H:%M")
            total = format_money(view.totals.total_ore, self.lang)
            count = view.totals.item_count
            out.append((view.sale_id, f"{when}  {count} {tr('items', self.lang).lower()}  {total}"))
        return out

    # -- actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.lang))

    def action_toggle_language(self) -> None:
        self.lang = other_language(self.lang)
        self.till.lang = self.lang  # receipts follow the cashier's language
        self.title = tr("app_title", self.lang)
        if self.sale_screen is not None:
            self.sale_screen.relabel()

    def action_logout(self) -> None:
        self.till.logout()

    def action_register_menu(self) -> None:
        """X/Z report, copy, return, training, drawer, cash: screens/register_menu.py."""
        from pos.faces.cashier.screens.register_menu import RegisterMenu

        if self.operator.operator_id is not None:
            self.push_screen(RegisterMenu(self.lang))

    def action_device_panel(self) -> None:
        if not self.demo or self.rig is None:
            return
        from pos.faces.cashier.screens.device_panel import DevicePanel

        self.push_screen(DevicePanel(self.lang))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, SaleScreen):
            return
        lang = self.lang
        for label, action in (
            ("key_pay", screen.action_pay),
            ("key_search", screen.action_search),
            ("key_void_line", screen.action_void_line),
            ("key_void_sale", screen.action_void_sale),
            ("key_suspend", screen.action_suspend),
            ("key_resume", screen.action_resume),
            ("key_member", screen.action_remove_member),
            ("key_lang", self.action_toggle_language),
            ("key_help", self.action_help),
            ("key_logout", self.action_logout),
        ):
            yield SystemCommand(tr(label, lang), tr(label, lang), action)
        register = "Kassefunksjoner (F11)" if lang == "nb" else "Register functions (F11)"
        yield SystemCommand(register, register, self.action_register_menu)
        if self.demo and self.rig is not None:
            yield SystemCommand(tr("key_devices", lang), tr("devices_hint", lang),
                                self.action_device_panel)

