"""The payment screen: cash (tendered, rounding, change), bank card (live prompts), Coopay, split.

An amount typed in the field is a part payment (split tender); an empty field
pays the rest. Card prompts and Coopay progress arrive as engine events and are
shown live; a decline stays on this screen with its reason so the cashier can
choose another way to pay. When the sale is paid the app shows the receipt.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from pos.domain.money import MoneyError, format_money, parse_amount
from pos.domain.tender import TENDER_NAMES
from pos.faces import messages
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.keys import relabel_bindings
from pos.faces.cashier.widgets.status_bar import StatusBar
from pos.faces.cashier.widgets.till_header import TillHeader

KEY_LABELS = {
    "pay.cash": "key_cash", "pay.card": "key_card", "pay.coopay": "key_coopay",
    "pay.cancel": "key_cancel", "pay.back": "key_close",
}


def payment_summary(view, lang: str) -> list[str]:
    """What the payment screen shows about the sale: total, paid tenders, rest, cash due."""
    if view is None:
        return []
    rows = [f"{tr('total', lang)}: {format_money(view.totals.total_ore, lang)}"]
    for tender in view.tenders:
        name = TENDER_NAMES[tender.kind].get(lang)
        mark = f" ({tr('voided', lang)})" if tender.voided else ""
        rows.append(f"  {name}: {format_money(tender.amount_ore, lang)}{mark}")
    rows.append(f"{tr('remaining', lang)}: {format_money(view.remaining_ore, lang)}")
    due = view.cash_due_ore  # the store's cash rounding, as the sale applies it
    if due != view.remaining_ore:
        rows.append(f"{tr('pay_cash_due', lang)}: {format_money(due, lang)} "
                     f"({tr('pay_rounding', lang)} {format_money(due - view.remaining_ore, lang)})")
    return rows


class PaymentScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "cash", "Kontant", id="pay.cash"),
        Binding("f2", "card", "Bankkort", id="pay.card"),
        Binding("f3", "coopay", "Coopay", id="pay.coopay"),
        Binding("f4", "cancel_card", "Avbryt kort", id="pay.cancel"),
        Binding("escape", "back", "Tilbake", id="pay.back"),
    ]

    DEFAULT_CSS = """
    PaymentScreen #pay-box { padding: 1 2; height: 1fr; }
    PaymentScreen #summary { height: auto; border: round $primary; padding: 0 1; }
    PaymentScreen #progress { height: auto; min-height: 3; border: round $accent; padding: 0 1; }
    PaymentScreen #result { height: auto; padding: 0 1; }
    PaymentScreen Horizontal { height: auto; }
    PaymentScreen Button { margin: 0 1 0 0; }
    """

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield TillHeader(show_clock=False)
        with Vertical(id="pay-box"):
            yield Static(id="summary")
            yield Input(placeholder=tr("pay_amount", lang), id="amount")
            with Horizontal():
                yield Button(f"F1 {tr('key_cash', lang)}", id="cash", variant="success")
                yield Button(f"F2 {tr('key_card', lang)}", id="card", variant="primary")
                yield Button(f"F3 {tr('key_coopay', lang)}", id="coopay", variant="warning")
            yield Static(id="progress")
            yield Static(id="result")
        yield StatusBar(lang, id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = tr("pay_title", self.app.lang)
        relabel_bindings(self, KEY_LABELS, self.app.lang)
        self.view = self.app.sale_view
        self.refresh_summary()
        self.query_one(StatusBar).show(self.app.status)
        self.query_one("#amount", Input).focus()
        bridge = self.app.bridge
        bridge.watch(self)  # payment news is for this screen alone while it is open
        bridge.claim(self, messages.Notice, messages.PaymentProgress, messages.PaymentFinished)

    def on_unmount(self) -> None:
        self.app.bridge.unwatch(self)

    def refresh_summary(self) -> None:
        lines = payment_summary(self.view, self.app.lang)
        self.query_one("#summary", Static).update("\n".join(lines))

    # -- engine facts ------------------------------------------------------------------------

    @on(messages.StatusChanged)
    def show_status(self, message: messages.StatusChanged) -> None:
        self.query_one(StatusBar).show(message.event)

    @on(messages.SaleChanged)
    def sale_changed(self, message: messages.SaleChanged) -> None:
        self.view = message.event.sale
        self.refresh_summary()

    @on(messages.PaymentProgress)
    def progress(self, message: messages.PaymentProgress) -> None:
        self.query_one("#progress", Static).update(message.event.text.get(self.app.lang))

    @on(messages.PaymentFinished)
    def finished(self, message: messages.PaymentFinished) -> None:
        event = message.event
        style = "green" if event.outcome == "approved" else "red"
        self.query_one("#progress", Static).update("")
        self.query_one("#result", Static).update(f"[b {style}]{event.text.get(self.app.lang)}[/]")

    @on(messages.Notice)
    def notice(self, message: messages.Notice) -> None:
        event = message.event
        style = {"error": "red", "warning": "yellow"}.get(event.level, "green")
        if event.level == "error":  # refused: nothing is waiting any more
            self.query_one("#progress", Static).update("")
        self.query_one("#result", Static).update(f"[{style}]{event.text.get(self.app.lang)}[/]")

    def _amount(self) -> int | bool | None:
        """The typed amount in øre, None for "the rest", False when it is not an amount."""
        field = self.query_one("#amount", Input)
        text = field.value.strip()
        if not text:
            return None
        try:
            return parse_amount(text)
        except MoneyError:
            self.query_one("#result", Static).update(
                f"[red]{tr('pay_amount', self.app.lang)}: {text}?[/]"
            )
            return False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_cash()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"cash": self.action_cash, "card": self.action_card, "coopay": self.action_coopay}[
            event.button.id or "cash"
        ]()

    def _clear(self) -> None:
        self.query_one("#amount", Input).value = ""
        self.query_one("#result", Static).update("")

    def action_cash(self) -> None:
        amount = self._amount()
        if amount is not False:
            self._clear()
            self.app.command(self.app.till.pay_cash, amount)

    def action_card(self) -> None:
        amount = self._amount()
        if amount is not False:
            self._clear()  # "pay at the terminal" comes from the engine once it has asked
            self.app.command(self.app.till.pay_card, amount)

    def action_coopay(self) -> None:
        amount = self._amount()
        if amount is not False:
            self._clear()
            self.app.command(self.app.till.expect_coopay, amount)
            self.query_one("#progress", Static).update(tr("pay_waiting_qr", self.app.lang))

    def action_cancel_card(self) -> None:
        self.app.command(self.app.till.cancel_card_payment)

    def action_back(self) -> None:
        self.app.pop_screen()
