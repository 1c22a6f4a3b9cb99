"""Product search by name or PLU (loose produce, price lookup for an unknown barcode).

Results come from the catalog the engine holds (a pure, in-memory search), so
typing never waits on anything; choosing a result returns its catalog key.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from pos.domain.money import format_money
from pos.domain.product import Product
from pos.faces.cashier.i18n import tr


def result_label(product: Product, lang: str) -> str:
    price = format_money(product.price_ore, lang)
    unit = "/kg" if product.sold_by_weight else ""
    plu = f"PLU {product.plu}  " if product.plu else ""
    return f"{plu}{product.name}  {price}{unit}"


class SearchScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt", id="search.cancel")
    ]

    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen #search-box {
        width: 70; height: 24; border: thick $accent; background: $surface; padding: 0 1;
    }
    SearchScreen OptionList { height: 1fr; }
    """

    def __init__(self, lang: str, query: str = "") -> None:
        super().__init__()
        self.lang = lang
        self.initial = query

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label(tr("search_title", self.lang))
            yield Input(value=self.initial, placeholder=tr("search_placeholder", self.lang),
                        id="query")
            yield OptionList(id="results")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._search(self.initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        results = self.query_one("#results", OptionList)
        results.clear_options()
        query = query.strip()
        if not query:
            return
        found = self.app.till.catalog.search(query, limit=30)  # PLU and GTIN too
        results.add_options(Option(result_label(p, self.lang), id=p.key) for p in found)
        if found:
            results.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one("#results", OptionList)
        if results.highlighted is not None and results.option_count:
            self.dismiss(results.get_option_at_index(results.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def key_down(self) -> None:
        self.query_one("#results", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
