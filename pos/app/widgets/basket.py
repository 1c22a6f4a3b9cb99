"""The basket: one row per sale line, voided lines kept and struck through.

Why a `DataTable` rebuilt from the `SaleView`: lines are frozen snapshots and a
sale rarely has more than a few dozen, so redrawing from the view after every
change is simple and can never drift from the sale. Row keys are line ids, so
"void line" acts on the highlighted row's id.
"""

from __future__ import annotations

from rich.text import Text as RichText
from textual.widgets import DataTable

from pos.app.i18n import tr
from pos.domain.lines import LineKind, SaleLine
from pos.domain.money import format_amount
from pos.domain.view import SaleView


def line_quantity(line: SaleLine) -> str:
    """`3`, or `0,512 kg` for a weighed line (comma decimal in both languages on screen)."""
    if line.weight_g is not None:
        kilos, grams = divmod(line.weight_g, 1000)
        return f"{kilos},{grams:03d} kg"
    return str(line.quantity)


def line_description(line: SaleLine, lang: str) -> str:
    if line.kind is LineKind.DEPOSIT:
        return f"  ↳ {line.description}"
    return line.description


class Basket(DataTable):
    """The lines of the open sale; the cursor row is the line a void acts on."""

    DEFAULT_CSS = """
    Basket { height: 1fr; }
    """

    def __init__(self, lang: str = "nb", **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.lang = lang
        self.view: SaleView | None = None

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        self.clear(columns=True)
        for key, width in (("col_no", 3), ("col_item", 36), ("col_qty", 9),
                           ("col_price", 10), ("col_amount", 10)):
            self.add_column(tr(key, self.lang), key=key, width=width)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._add_columns()
        self.show(self.view)

    def show(self, view: SaleView | None) -> None:
        """Redraw from `view`; keep the cursor on the newest line (what was just scanned)."""
        self.view = view
        self.clear()
        if view is None:
            return
        for line in view.lines:
            self.add_row(*self._cells(line, view), key=str(line.line_id))
        if view.lines:
            self.move_cursor(row=len(view.lines) - 1)

    def _cells(self, line: SaleLine, view: SaleView) -> list[RichText]:
        total = view.totals.line(line.line_id)  # None for a voided line: show what it was
        amount = total.net_ore if total is not None else line.amount_ore
        price = format_amount(line.unit_price_ore, self.lang)
        if line.weight_g is not None:
            price += "/kg"
        description = line_description(line, self.lang)
        if line.voided:
            description += f" ({tr('voided', self.lang)})"
        style = "strike dim" if line.voided else ""
        return [
            RichText(str(line.line_id), style=style),
            RichText(description, style=style),
            RichText(line_quantity(line), style=style, justify="right"),
            RichText(price, style=style, justify="right"),
            RichText(format_amount(amount, self.lang), style=style, justify="right"),
        ]

    @property
    def selected_line_id(self) -> int | None:
        """The line id under the cursor, or None when the basket is empty."""
        if self.view is None or not self.view.lines or self.cursor_row < 0:
            return None
        row_key, _ = self.coordinate_to_cell_key((self.cursor_row, 0))
        return int(row_key.value) if row_key.value is not None else None
