"""Register functions (F11): X/Z report, receipt copy, returns, training, drawer and cash.

Every function is an engine command (`pos.till`); the screen only asks for what
the command needs (an amount, a supervisor's PIN, a confirmation) and shows the
result: a report's printout here, a receipt (copy, return) on the receipt
screen the app opens for `ReceiptReady`. A refusal is shown in the menu in the
cashier's language; nothing is hidden, nothing is done silently.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pos.faces import messages
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.screens.dialogs import ConfirmDialog, Dialog, NumberDialog


class ReportView(ModalScreen):
    """An X or Z report exactly as printed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close", "Lukk/Close", id="report.close")]
    DEFAULT_CSS = """
    ReportView { align: center middle; }
    ReportView #report-box { width: 50; height: 90%; border: thick $primary;
                             background: $surface; padding: 0 1; }
    """

    def __init__(self, text: str, lang: str) -> None:
        super().__init__()
        self.text = text
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="report-box"):
            yield Static(self.text, id="report-text", markup=False)
            yield Static(tr("menu_close", self.lang))

    def on_mount(self) -> None:
        self.query_one("#report-box").border_title = tr("menu_report", self.lang)

    def action_close(self) -> None:
        self.dismiss(None)


class SupervisorDialog(Dialog):
    """A supervisor's id and PIN (training mode); None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt/Cancel", id="supervisor.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="supervisor"):
            yield Label(tr("menu_training", self.lang), classes="title")
            yield Input(placeholder=tr("menu_supervisor", self.lang), id="supervisor-id")
            yield Input(placeholder=tr("menu_pin", self.lang), password=True, id="supervisor-pin")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "supervisor-id":
            self.query_one("#supervisor-pin", Input).focus()
            return
        self.dismiss((self.query_one("#supervisor-id", Input).value.strip(), event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RegisterMenu(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Lukk/Close", id="register.close")]
    DEFAULT_CSS = """
    RegisterMenu { align: center middle; }
    RegisterMenu #menu-box { width: 60; height: auto; border: thick $accent;
                             background: $surface; padding: 1 2; }
    RegisterMenu #menu-result { margin-top: 1; height: auto; }
    """
    ITEMS = ("x", "z", "copy", "provisional", "return", "training", "drawer", "float",
             "withdraw", "count")
    """The options in order; each id runs `do_<id>`."""
    WORDS: ClassVar[dict[str, str]] = {
        "x": "menu_x", "z": "menu_z", "copy": "menu_copy", "provisional": "menu_provisional",
        "return": "menu_return", "training": "menu_training", "drawer": "menu_drawer",
        "float": "menu_float", "withdraw": "menu_withdraw", "count": "menu_count"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            yield Label(tr("menu_title", self.lang), classes="title")
            options = (Option(tr(self.WORDS[id_], self.lang), id=id_) for id_ in self.ITEMS)
            yield OptionList(*options, id="menu")
            yield Static("", id="menu-result", markup=False)

    @property
    def till(self) -> Any:
        return self.app.till  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        bridge = self.app.bridge  # type: ignore[attr-defined]
        bridge.watch(self)
        bridge.claim(self, messages.Notice)  # a refusal's reason shows in the menu

    def on_unmount(self) -> None:
        self.app.bridge.unwatch(self)  # type: ignore[attr-defined]

    def show(self, text: str) -> None:
        self.query_one("#menu-result", Static).update(text)

    @on(messages.Notice)
    def refused(self, message: messages.Notice) -> None:
        self.show(message.event.text.get(self.lang))

    async def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """An engine command on the engine thread; "recorded" when it went through.

        A refusal comes back as the engine's notice (shown by `refused`).
        """
        result = await self.app.call(functools.partial(fn, *args, **kwargs))  # type: ignore[attr-defined]
        if result:
            self.show(tr("menu_done", self.lang))
        return result

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.show("")
        await getattr(self, f"do_{event.option.id}")()

    # -- the functions -------------------------------------------------------------------------

    async def do_x(self) -> None:
        self._report(await self.app.call(self.till.x_report))  # type: ignore[attr-defined]

    async def do_z(self) -> None:
        async def answered(yes: bool | None) -> None:
            if yes:
                self._report(await self.app.call(self.till.z_report))  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmDialog(self.lang, tr("menu_z_confirm", self.lang)), answered)

    def _report(self, ready: Any) -> None:
        if ready is not None:  # None: refused, the notice says why
            self.app.push_screen(ReportView(ready.text, self.lang))

    async def do_copy(self) -> None:
        await self.run(self.till.print_copy)

    async def do_provisional(self) -> None:
        text = await self.app.call(self.till.print_provisional)  # type: ignore[attr-defined]
        if text is not None:
            self.app.push_screen(ReportView(text, self.lang))

    async def do_return(self) -> None:
        from pos.faces.cashier.screens.returns import ReturnScreen

        self.app.push_screen(ReturnScreen(self.lang))

    async def do_training(self) -> None:
        async def authorised(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            on = not self.app.operator.training  # type: ignore[attr-defined]
            await self.run(self.till.set_training, on, supervisor_id=answer[0], pin=answer[1])

        self.app.push_screen(SupervisorDialog(self.lang), authorised)

    async def do_drawer(self) -> None:
        await self.run(self.till.open_drawer, "no_sale")

    def _amount(self, key: str, command: Any) -> None:
        async def entered(kroner: int | None) -> None:
            if kroner is not None:
                await self.run(command, kroner * 100)

        self.app.push_screen(NumberDialog(self.lang, tr(key, self.lang),
                                          tr("menu_amount", self.lang)), entered)

    async def do_float(self) -> None:
        self._amount("menu_float", self.till.opening_float)

    async def do_withdraw(self) -> None:
        self._amount("menu_withdraw", self.till.withdraw_cash)

    async def do_count(self) -> None:
        self._amount("menu_count", self.till.count_cash)

    def action_close(self) -> None:
        self.dismiss(None)
