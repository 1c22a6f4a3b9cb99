"""The basket: one row per sale line, voided lines kept and struck through.

Why a `DataTable` rebuilt from the `SaleView`: lines are frozen snapshots and a
sale rarely has more than a few dozen, so redrawing from the view after every
change is simple and can never drift from the sale. Row keys are line ids, so
"void line" acts on the highlighted row's id.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text as RichText
from textual.widgets import DataTable

from pos.app.i18n import tr
from pos.domain.lines import LineKind, SaleLine
from pos.domain.money import format_amount
from pos.domain.view import SaleView

COLUMNS = ("col_no", "col_item", "col_qty", "col_price", "col_amount")
WIDTHS = (3, 36, 9, 10, 10)


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
        self._shown: dict[str, tuple] = {}
        self.shown_probe: Callable[[int, float], object] | None = None
        """Benchmarks: called with the row count and when the rows changed, once painted."""

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        self.clear(columns=True)
        for key, width in zip(COLUMNS, WIDTHS, strict=True):
            self.add_column(tr(key, self.lang), key=key, width=width)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._add_columns()
        view, self.view, self._shown = self.view, None, {}
        self.show(view)

    def show(self, view: SaleView | None) -> None:
        """Bring the rows up to `view`; keep the cursor on the newest line (just scanned).

        Incremental: rows are keyed by line id, so a scan appends one row and a void
        rewrites one; only a different sale (or none) clears the table. A line's
        cells are rebuilt only when the line or its net amount changed, so a long
        basket costs the same per scan as a short one.
        """
        previous = self.view
        self.view = view
        if view is None or previous is None or previous.sale_id != view.sale_id:
            self.clear()
            self._shown = {}
        if view is None:
            self._probe()
            return
        added = False
        nets = {total.line_id: total.net_ore for total in view.totals.lines}
        for line in view.lines:
            net = nets.get(line.line_id)
            signature = (line, net)
            key = str(line.line_id)
            if key not in self._shown:
                self.add_row(*self._cells(line, net), key=key)
                added = True
            elif self._shown[key] != signature:
                for column, cell in zip(COLUMNS, self._cells(line, net), strict=True):
                    self.update_cell(key, column, cell)
            self._shown[key] = signature
        if added:
            self.move_cursor(row=len(view.lines) - 1)
        self._probe()

    def _probe(self) -> None:
        if self.shown_probe is not None:
            self.call_after_refresh(self.shown_probe, self.row_count, time.perf_counter())

    def _cells(self, line: SaleLine, net_ore: int | None) -> list[RichText]:
        amount = line.amount_ore if net_ore is None else net_ore  # None: voided, show what it was
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
