"""Totals of the open sale: what to pay, discounts, deposit, VAT per rate, what is paid."""

from __future__ import annotations

from textual.widgets import Static

from pos.domain.money import format_money
from pos.domain.view import SaleView
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.widgets.repaint import show_once


def totals_rows(view: SaleView | None, lang: str) -> list[tuple[str, str]]:
    """(label, amount) rows, the big "to pay" row last; pure so tests can read it."""
    if view is None:
        return [(tr("total", lang), format_money(0, lang))]
    totals = view.totals
    rows = [(tr("items", lang), str(totals.item_count))]
    if totals.member_discount_ore or totals.offer_discount_ore:
        rows.append((tr("subtotal", lang), format_money(totals.gross_ore, lang)))
    if totals.member_discount_ore:
        rows.append((tr("member_discount", lang), format_money(-totals.member_discount_ore, lang)))
    if totals.offer_discount_ore:
        rows.append((tr("offer_discount", lang), format_money(-totals.offer_discount_ore, lang)))
    if totals.deposit_ore:
        rows.append((tr("deposit", lang), format_money(totals.deposit_ore, lang)))
    if totals.deposit_slips_ore:
        rows.append((tr("slips", lang), format_money(totals.deposit_slips_ore, lang)))
    rows.extend(
        (tr("vat", lang, rate=vat.rate), format_money(vat.vat_ore, lang)) for vat in totals.vat
    )
    paid = totals.total_ore - view.remaining_ore
    if paid:
        rows.append((tr("paid", lang), format_money(paid, lang)))
        rows.append((tr("remaining", lang), format_money(view.remaining_ore, lang)))
    rows.append((tr("total", lang), format_money(totals.total_ore, lang)))
    return rows


class TotalsPanel(Static):
    DEFAULT_CSS = """
    TotalsPanel { height: 1fr; padding: 0 1; border: round $primary; }
    """

    def __init__(self, lang: str = "nb", **kwargs) -> None:
        super().__init__(**kwargs)
        self.lang = lang
        self.view: SaleView | None = None

    def on_mount(self) -> None:
        self.show(self.view)

    def show(self, view: SaleView | None) -> None:
        self.view = view
        rows = totals_rows(view, self.lang)
        width = 34
        body = [f"{label}{' ' * max(1, width - len(label) - len(amount))}{amount}"
                for label, amount in rows[:-1]]
        label, amount = rows[-1]
        body.append("")
        body.append(f"[b]{label}{' ' * max(1, width - len(label) - len(amount))}{amount}[/b]")
        show_once(self, "\n".join(body))
