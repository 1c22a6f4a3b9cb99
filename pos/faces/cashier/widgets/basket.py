"""The basket: one row per sale line, voided lines kept and struck through.

Why a line-API `ScrollView` and not a `DataTable`: a till's basket only grows at
the bottom and changes a row when it is voided, and the time from a scan to the
line on screen is what a cashier feels. A `DataTable` defers its new size to the
next idle cycle and then relayouts the whole screen; this widget sets its virtual
size itself and repaints only its own lines (bench_ui measures the difference).
Rows are keyed by line id, so "void line" acts on the highlighted row's id; a row
is rebuilt only when its line or its net amount changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pos.domain.lines import LineKind, SaleLine
from pos.domain.money import format_amount
from pos.domain.view import SaleView
from pos.faces.cashier.i18n import tr

COLUMNS = ("col_no", "col_item", "col_qty", "col_price", "col_amount")
WIDTHS = (3, 0, 9, 10, 10)
"""Fixed widths; the item column (0) takes what the others leave."""
RIGHT = (False, False, True, True, True)
GAP = 2
MIN_ITEM = 16
ROW_CHUNK = 64
"""The virtual height grows 64 rows at a time, so most scans repaint without a relayout."""
HEADER_STYLE = Style(bold=True, underline=True)
VOIDED_STYLE = Style(strike=True, dim=True)
CURSOR_STYLE = Style(reverse=True)


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


def line_cells(line: SaleLine, net_ore: int | None, lang: str) -> tuple[str, ...]:
    """The row's texts: number, description (marked when voided), quantity, price, amount."""
    amount = line.amount_ore if net_ore is None else net_ore  # None: voided, show what it was
    price = format_amount(line.unit_price_ore, lang)
    if line.weight_g is not None:
        price += "/kg"
    description = line_description(line, lang)
    if line.voided:
        description += f" ({tr('voided', lang)})"
    return (str(line.line_id), description, line_quantity(line), price,
            format_amount(amount, lang))


def _fit(text: str, width: int, right: bool) -> str:
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def item_width(total: int) -> int:
    """The item column's width when the row may be `total` cells wide."""
    return max(MIN_ITEM, total - 2 - sum(WIDTHS) - GAP * (len(WIDTHS) - 1))  # 1 cell each side


def row_text(cells: tuple[str, ...], total: int = 80) -> str:
    """One row `total` cells wide (the header too): what the cashier reads."""
    widths = [w or item_width(total) for w in WIDTHS]
    gap = " " * GAP
    return " " + gap.join(_fit(c, w, r) for c, w, r in zip(cells, widths, RIGHT, strict=True))


class Basket(ScrollView, can_focus=False):
    """The lines of the open sale, a sticky header on top; the cursor row is what F4 voids."""

    DEFAULT_CSS = """
    Basket { height: 1fr; overflow-x: hidden; }
    """

    def __init__(self, lang: str = "nb", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.view: SaleView | None = None
        self._keys: list[int] = []
        self._rows: list[tuple[str, ...]] = []
        self._voided: list[bool] = []
        self._index: dict[int, int] = {}
        self._shown: dict[int, tuple] = {}
        self.cursor_row = -1
        self.shown_probe: Callable[[int, float], object] | None = None
        """Benchmarks: called with the row count and when the rows changed, once painted."""

    # -- what tests and screens read ----------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    @property
    def selected_line_id(self) -> int | None:
        """The line id under the cursor, or None when the basket is empty."""
        if 0 <= self.cursor_row < len(self._keys):
            return self._keys[self.cursor_row]
        return None

    # -- changes ------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        self.lang = lang
        view, self.view = self.view, None
        self.show(view)

    def show(self, view: SaleView | None) -> None:
        """Bring the rows up to `view`; the cursor follows the newest line (just scanned)."""
        previous = self.view
        self.view = view
        if view is None or previous is None or previous.sale_id != view.sale_id:
            self._keys, self._rows, self._voided = [], [], []
            self._index, self._shown = {}, {}
            self.cursor_row = -1
        if view is not None:
            nets = {total.line_id: total.net_ore for total in view.totals.lines}
            added = False
            for line in view.lines:
                net = nets.get(line.line_id)
                signature = (line, net, self.lang)
                if self._shown.get(line.line_id) == signature:
                    continue
                self._shown[line.line_id] = signature
                cells = line_cells(line, net, self.lang)
                index = self._index.get(line.line_id)
                if index is None:
                    self._index[line.line_id] = len(self._rows)
                    self._keys.append(line.line_id)
                    self._rows.append(cells)
                    self._voided.append(line.voided)
                    added = True
                else:
                    self._rows[index], self._voided[index] = cells, line.voided
            if added:
                self.cursor_row = len(self._rows) - 1
        rows = -(-(len(self._rows) + 1) // ROW_CHUNK) * ROW_CHUNK
        size = Size(self.scrollable_content_region.width, rows)
        if size != self.virtual_size:  # a new size costs a screen layout: grow in chunks
            self.virtual_size = size
        self._scroll_to_cursor()
        self.refresh()
        if self.shown_probe is not None:
            self.call_after_refresh(self.shown_probe, self.row_count, time.perf_counter())

    def move_cursor(self, *, row: int) -> None:
        if self._rows:
            self.cursor_row = max(0, min(row, len(self._rows) - 1))
            self._scroll_to_cursor()
            self.refresh()

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)  # one line is the header
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    # -- painting -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            header = row_text(tuple(tr(key, self.lang) for key in COLUMNS), width)
            return Strip([Segment(header, HEADER_STYLE)]).extend_cell_length(width).crop(0, width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._rows):
            return Strip.blank(width)
        style = VOIDED_STYLE if self._voided[index] else Style()
        if index == self.cursor_row:
            style += CURSOR_STYLE
        strip = Strip([Segment(row_text(self._rows[index], width), style)])
        return strip.extend_cell_length(width, style if index == self.cursor_row else None).crop(
            0, width
        )
