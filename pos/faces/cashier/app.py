"""The Textual till: the engine, the device hub and the screens, joined by one bridge.

Threads and the loop: the engine lives on the bridge's engine thread
(`pos.faces.bridge`); device events and the screens' commands queue there in
arrival order, so the durable journal commit and the backend's answers never
hold the screen. The engine's events come back as one message per fact
(`pos.faces.messages`), handled here with `@on` and by the screens that watch.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from devices.hub import DeviceHub
from pos.domain.money import format_money
from pos.domain.view import SaleView
from pos.faces import messages
from pos.faces.bridge import Bridge
from pos.faces.cashier.i18n import other_language, tr
from pos.faces.cashier.screens.dialogs import ConfirmDialog
from pos.faces.cashier.screens.help import HelpScreen
from pos.faces.cashier.screens.login import LoginScreen
from pos.faces.cashier.screens.receipt import ReceiptScreen
from pos.faces.cashier.screens.sale import SaleScreen
from pos.faces.heap import freeze_start_up_objects
from pos.till.engine import Till
from pos.till.events import Notice, ReceiptReady, SessionChanged, StatusChanged

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
        self.bridge = Bridge(self, engine=till, hub=hub, name="till-engine")
        self.ready = asyncio.Event()
        """Set once the first screen shows the engine's state (bench: start-up to ready)."""

    # -- life cycle ----------------------------------------------------------------------------

    async def on_mount(self) -> None:
        self.show_title()
        await self.push_screen(LoginScreen())
        self.bridge.start()
        # after a restart the open sale comes back, but the cashier gives the PIN again
        self.bridge.send(functools.partial(self.till.start, resume_operator=False))

    async def on_unmount(self) -> None:
        await self.bridge.stop(self.till.aclose if self.close_till else None)
        for phone in self.demo_phones.values():
            phone.close()

    # -- commands -------------------------------------------------------------------------------

    def command(self, method: Callable[..., Any], *args: Any) -> None:
        """Run an engine command on the engine thread, after those already queued."""
        self.bridge.send(method, *args)

    async def call(self, method: Callable[..., Any], *args: Any) -> Any:
        """Run an engine command on the engine thread and wait for its answer."""
        return await self.bridge.call(method, *args)

    async def settle(self) -> None:
        """Wait until every queued engine command and device event has run (tests, bench)."""
        await self.bridge.settle()

    # -- engine facts ----------------------------------------------------------------------------

    @on(messages.Notice)
    def remember_notice(self, message: messages.Notice) -> None:
        self.last_notice = message.event

    @on(messages.StatusChanged)
    def remember_status(self, message: messages.StatusChanged) -> None:
        self.status = message.event

    @on(messages.SaleChanged)
    def remember_sale(self, message: messages.SaleChanged) -> None:
        self.sale_view = message.event.sale

    @on(messages.SessionChanged)
    def session_changed(self, message: messages.SessionChanged) -> None:
        self._session_changed(message.event)

    @on(messages.ReceiptReady)
    def receipt_ready(self, message: messages.ReceiptReady) -> None:
        self._show_receipt(message.event)

    @on(messages.Fact)
    def forward_fact(self, message: messages.Fact) -> None:
        """After the handlers above: the screens that watch get the fact too."""
        self.bridge.forward(message)

    @property
    def sale_screen(self) -> SaleScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, SaleScreen)), None)

    def _session_changed(self, event: SessionChanged) -> None:
        self.operator = event
        if not self.is_running or not self.screen_stack:
            return  # starting up or shutting down: the login screen comes with on_mount
        if event.operator_id is None:
            if not isinstance(self.screen, LoginScreen):
                self.switch_to(LoginScreen())
        elif self.sale_screen is None:
            self.switch_to(SaleScreen())
        self.show_title()
        if not self.ready.is_set():
            freeze_start_up_objects()
            self.ready.set()

    def show_title(self) -> None:
        """The header: the till, the register and who is logged in, in the cashier's language."""
        self.title = tr("app_title", self.lang)
        event = self.operator
        subtitle = f"{tr('register', self.lang)} {self.till.register}"
        if event is not None and event.operator_id is not None:
            training = f" · {tr('training', self.lang)}" if event.training else ""
            subtitle += (f" · {tr('operator', self.lang)} {event.operator_id} "
                         f"{event.operator_name}{training}")
        self.sub_title = subtitle

    def switch_to(self, screen: Screen) -> None:
        """Replace the whole stack below the default screen with `screen`."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def _show_receipt(self, event: ReceiptReady) -> None:
        if not self.screen_stack:
            return
        while len(self.screen_stack) > 2:  # the payment screen, dialogs: the sale is over
            self.pop_screen()
        self.push_screen(ReceiptScreen(event.text, event.change_ore, self.lang))

    # -- commands the screens use ---------------------------------------------------------------

    async def suspended_sales(self) -> list[tuple[str, str]]:
        out = []
        for view in await self.call(self.till.suspended):
            when = view.opened_at.strftime("%H:%M")
            total = format_money(view.totals.total_ore, self.lang)
            count = view.totals.item_count
            items = tr("items_counted_one" if count == 1 else "items_counted", self.lang, n=count)
            out.append((view.sale_id, f"{when}  {items}  {total}"))
        return out

    # -- actions ------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.lang))

    def action_toggle_language(self) -> None:
        self.lang = other_language(self.lang)
        self.command(self.till.set_language, self.lang)  # receipts follow the cashier
        self.show_title()
        if self.sale_screen is not None:
            self.sale_screen.relabel()

    async def action_quit(self) -> None:
        """Ctrl+Q: with a sale open, ask first (the journal keeps it, but the customer waits)."""
        view = self.sale_view
        if view is None or not view.lines:
            self.exit()
            return
        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        if not isinstance(self.screen, ConfirmDialog):
            self.push_screen(ConfirmDialog(self.lang, tr("quit_open_sale_q", self.lang)), answered)

    def action_logout(self) -> None:
        self.command(self.till.logout)

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

