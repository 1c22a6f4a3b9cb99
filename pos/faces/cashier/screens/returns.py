"""A return: the receipt's number or barcode, the lines still returnable, all or one line.

The engine decides everything (what is left, how much, which tender gets the
money back); the screen lists `Till.returnable(reference)` and starts
`Till.start_return` through the app's command inbox (it may wait for the card
terminal or the backend). The return receipt then opens like any receipt.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pos.domain.money import format_money
from pos.faces import messages
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.screens.dialogs import NumberDialog


class ReturnScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Lukk/Close", id="return.close")]
    DEFAULT_CSS = """
    ReturnScreen { align: center middle; }
    ReturnScreen #return-box { width: 70; height: auto; max-height: 90%; border: thick $accent;
                               background: $surface; padding: 1 2; }
    ReturnScreen #return-lines { height: auto; max-height: 16; }
    ReturnScreen #return-result { height: auto; margin-top: 1; }
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.reference: str | None = None
        self.left: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="return-box"):
            yield Label(tr("return_title", self.lang), classes="title")
            yield Input(placeholder=tr("return_reference", self.lang), id="return-reference")
            yield OptionList(id="return-lines")
            yield Checkbox(tr("return_cash", self.lang), id="return-cash")
            yield Static("", id="return-result", markup=False)

    @property
    def till(self) -> Any:
        return self.app.till  # type: ignore[attr-defined]

    def show(self, text: str) -> None:
        self.query_one("#return-result", Static).update(text)

    def on_mount(self) -> None:
        bridge = self.app.bridge  # type: ignore[attr-defined]
        bridge.watch(self)
        bridge.claim(self, messages.ScanReceived, messages.Notice)

    def on_unmount(self) -> None:
        self.app.bridge.unwatch(self)  # type: ignore[attr-defined]

    @on(messages.ScanReceived)
    async def scanned(self, message: messages.ScanReceived) -> None:
        """A scanned receipt barcode (`KV3-17`) while this screen is open: look it up."""
        self.query_one("#return-reference", Input).value = message.data
        await self.look_up(message.data)

    @on(messages.Notice)
    def refused(self, message: messages.Notice) -> None:
        """Why a receipt cannot be returned (unknown, already returned, too old …)."""
        self.show(message.event.text.get(self.lang))

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        await self.look_up(event.value)

    async def look_up(self, reference: str) -> None:
        lines = await self.app.call(self.till.returnable, reference)  # type: ignore[attr-defined]
        options = self.query_one("#return-lines", OptionList)
        options.clear_options()
        if lines is None:
            return  # refused: the engine's notice says why
        if not lines:
            self.show(tr("return_nothing", self.lang))
            return
        self.reference = reference
        self.left = {str(item.line.line_id): item for item in lines}
        options.add_option(Option(tr("return_all", self.lang), id="all"))
        for key, item in self.left.items():
            amount = format_money(item.amount_left, self.lang)
            options.add_option(Option(
                f"{key}. {item.line.description[:36]}  × {item.quantity_left}  {amount}", id=key))
        options.focus()
        self.show("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.reference is None:
            return
        key = event.option.id or ""
        if key == "all":
            self._start(None)
            return
        item = self.left[key]
        if item.quantity_left == 1:
            self._start({item.line.line_id: 1})
            return

        def entered(quantity: int | None) -> None:
            if quantity is not None:
                self._start({item.line.line_id: quantity})

        self.app.push_screen(NumberDialog(self.lang, tr("return_quantity", self.lang),
                                          f"1–{item.quantity_left}"), entered)

    def _start(self, quantities: dict[int, int] | None) -> None:
        cash = self.query_one("#return-cash", Checkbox).value
        start = functools.partial(self.till.start_return, self.reference, quantities,
                                  cash_refund=cash)
        self.show(tr("return_started", self.lang))
        self.app.command(start)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)
