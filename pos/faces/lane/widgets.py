"""Widgets of the lane: the shopper's basket and the big total."""

from __future__ import annotations

from textual.widgets import DataTable

from pos.domain.lines import LineKind
from pos.domain.money import format_money
from pos.domain.view import SaleView
from pos.faces.lane.texts import t

NOT_NAME_COLUMNS = 52
"""Screen columns taken by the total box, the quantity and amount columns and padding."""


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class LaneBasket(DataTable):
    """The sale's lines, newest at the bottom; the attendant picks a line with the cursor."""

    DEFAULT_CSS = "LaneBasket { height: 1fr; }"

    def __init__(self, lang: str, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.lang = lang
        self.line_ids: list[int] = []

    def on_mount(self) -> None:
        self.show(None)

    def show(self, sale: SaleView | None) -> None:
        room = max(12, self.app.size.width - NOT_NAME_COLUMNS)
        self.clear(columns=True)  # fixed widths: the amounts always show, names are cut
        self.add_column(t("col_item", self.lang), width=room)
        self.add_column(t("col_qty", self.lang), width=8)
        self.add_column(t("col_amount", self.lang), width=11)
        self.line_ids = []
        for line in sale.lines if sale is not None else ():
            name = _fit(line.description, room)
            if line.kind is LineKind.DEPOSIT:
                name = f"  {name}"
            if line.voided:
                name = f"{name} ({t('voided', self.lang)})"
            quantity = (f"{line.weight_g / 1000:.3f} kg".replace(".", ",")
                        if line.weight_g else str(line.quantity))
            amount = "" if line.voided else format_money(line.amount_ore, self.lang)
            self.add_row(name, quantity, amount)
            self.line_ids.append(line.line_id)
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    @property
    def selected_line_id(self) -> int | None:
        if not self.line_ids or self.cursor_row < 0 or self.cursor_row >= len(self.line_ids):
            return None
        return self.line_ids[self.cursor_row]


def total_digits(sale: SaleView | None) -> str:
    """The amount to pay for the `Digits` widget: `123,45` (Digits draws digits and ,)."""
    ore = sale.remaining_ore if sale is not None and sale.tenders else (
        sale.totals.total_ore if sale is not None else 0)
    kroner, rest = divmod(abs(ore), 100)
    sign = "-" if ore < 0 else ""
    return f"{sign}{kroner},{rest:02d}"
