"""Suspended sales: pick one to resume (the engine keeps them in the journal)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pos.faces.cashier.i18n import tr


class SuspendedScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt", id="suspended.cancel")
    ]

    DEFAULT_CSS = """
    SuspendedScreen { align: center middle; }
    SuspendedScreen #suspended-box {
        width: 70; height: 20; border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="suspended-box"):
            yield Label(tr("suspended_title", self.lang))
            yield OptionList(id="sales")

    async def on_mount(self) -> None:
        sales = self.query_one("#sales", OptionList)
        found = await self.app.suspended_sales()
        if not found:
            sales.add_option(Option(tr("suspended_none", self.lang), disabled=True))
        for sale_id, label in found:
            sales.add_option(Option(label, id=sale_id))
        if found:
            sales.highlighted = 0
        sales.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
