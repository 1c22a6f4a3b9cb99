"""The receipt view: the Norwegian sales receipt exactly as sent to the printer port."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from pos.domain.money import format_money
from pos.faces.cashier.i18n import tr


class ReceiptScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close", "Nytt salg", id="receipt.close")
    ]

    DEFAULT_CSS = """
    ReceiptScreen { align: center middle; }
    ReceiptScreen #receipt-box {
        width: 50; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    ReceiptScreen #change { text-style: bold; height: auto; }
    ReceiptScreen #paper { width: auto; }
    """

    def __init__(self, text: str, change_ore: int, lang: str) -> None:
        super().__init__()
        self.text = text
        self.change_ore = change_ore
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="receipt-box"):
            if self.change_ore:
                yield Static(
                    f"{tr('pay_change', self.lang)}: {format_money(self.change_ore, self.lang)}",
                    id="change",
                )
            yield Static(self.text, id="paper", markup=False)
            yield Static(tr("new_sale", self.lang))

    def on_mount(self) -> None:
        self.query_one("#receipt-box").border_title = tr("receipt_title", self.lang)

    def action_close(self) -> None:
        self.dismiss(None)
