"""The sale screen: basket, totals, member panel, the input line, notices and the status bar.

It renders only what the engine reports (`SaleChanged`, `MemberChanged`,
`Notice`, …) and turns keys into engine commands through the app; it asks the
cashier through modal dialogs when the engine needs a decision (age check,
unknown barcode, weight).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from pos.domain.money import format_money
from pos.faces import messages
from pos.faces.cashier.i18n import tr
from pos.faces.cashier.keys import relabel_bindings
from pos.faces.cashier.screens.dialogs import (
    AgeCheckDialog,
    ConfirmDialog,
    MessageDialog,
    NumberDialog,
    UnknownCodeDialog,
)
from pos.faces.cashier.widgets.basket import Basket
from pos.faces.cashier.widgets.member_panel import MemberPanel
from pos.faces.cashier.widgets.notice_line import NoticeLine
from pos.faces.cashier.widgets.status_bar import StatusBar
from pos.faces.cashier.widgets.till_header import TillHeader
from pos.faces.cashier.widgets.totals import TotalsPanel
from pos.till.events import NeedsAgeCheck, Notice, WeightNeeded

KEY_LABELS = {
    "sale.help": "key_help", "sale.search": "key_search", "sale.void_line": "key_void_line",
    "sale.pay": "key_pay", "sale.suspend": "key_suspend", "sale.resume": "key_resume",
    "sale.void_sale": "key_void_sale", "sale.remove_member": "key_member",
    "sale.language": "key_lang", "sale.logout": "key_logout", "sale.quit": "key_quit",
    "sale.devices": "key_devices",
}

MODAL_NOTICES = {"beer_hours", "card_blocked", "card_lost", "member_blocked", "card_unknown"}
"""Refusals the cashier must acknowledge in a dialog, not just read in the notice line."""


class SaleScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "app.help", "Hjelp", id="sale.help"),
        Binding("f2", "search", "Søk vare", id="sale.search"),
        Binding("f4", "void_line", "Annuller linje", id="sale.void_line"),
        Binding("f5", "pay", "Betal", id="sale.pay"),
        Binding("f6", "suspend", "Parker", id="sale.suspend"),
        Binding("f7", "resume", "Hent parkert", id="sale.resume"),
        Binding("f8", "void_sale", "Annuller salg", id="sale.void_sale"),
        Binding("f9", "remove_member", "Fjern medlem", id="sale.remove_member"),
        Binding("f10", "app.toggle_language", "English", id="sale.language"),
        Binding("f12", "app.device_panel", "Enheter", id="sale.devices", show=False),
        Binding("ctrl+o", "app.logout", "Logg ut", id="sale.logout"),
        Binding("ctrl+q", "app.quit", "Avslutt", id="sale.quit"),
        Binding("up", "cursor(-1)", "", show=False, id="sale.up"),
        Binding("down", "cursor(1)", "", show=False, id="sale.down"),
    ]

    DEFAULT_CSS = """
    SaleScreen #main { height: 1fr; }
    SaleScreen #left { width: 1fr; }
    SaleScreen #right { width: 40; }
    SaleScreen #code { dock: bottom; margin: 0 0 1 0; }
    """

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield TillHeader(show_clock=self.app.show_clock)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Basket(lang, id="basket")
                yield NoticeLine(lang, id="notice")
                yield Input(placeholder=tr("input_placeholder", lang), id="code")
            with Vertical(id="right"):
                yield MemberPanel(lang, id="member")
                yield TotalsPanel(lang, id="totals")
        yield StatusBar(lang, id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.view = self.app.sale_view
        self.armed_text = ""
        """The `3*` note while it is shown."""
        self.receipt_note = ""
        """"Paid – receipt no. N – change …", shown once the closed sale is gone."""
        self.query_one("#code", Input).focus()
        self.query_one(Basket).can_focus = False
        self.show_sale(self.view)
        self.query_one(StatusBar).show(self.app.status)
        self.query_one(NoticeLine).show_text(tr("no_sale", self.app.lang))
        self.relabel()
        self.app.bridge.watch(self)

    def on_unmount(self) -> None:
        self.app.bridge.unwatch(self)

    # -- rendering engine state ---------------------------------------------------------------

    def show_sale(self, view, *, pending: bool | None = None) -> None:
        self.query_one(Basket).show(view)
        self.query_one(TotalsPanel).show(view)
        self.query_one(MemberPanel).show(view, pending=pending)

    @on(messages.StatusChanged)
    def show_status(self, message: messages.StatusChanged) -> None:
        self.query_one(StatusBar).show(message.event)

    @on(messages.SaleChanged)
    def sale_changed(self, message: messages.SaleChanged) -> None:
        previous, self.view = self.view, message.event.sale
        view = self.view
        self.show_sale(view)
        notice = self.query_one(NoticeLine)
        if view is None:
            note, self.receipt_note = self.receipt_note, ""
            notice.show_text(note or tr("no_sale", self.app.lang), "info")
        elif previous is None or len(view.lines) > len(previous.lines):
            # a new line is in: what the line before was told ("paid", "items removed",
            # "ready") no longer applies, and a stale notice would be read as about this one
            notice.show_text("")

    @on(messages.ReceiptReady)
    def receipt_ready(self, message: messages.ReceiptReady) -> None:
        event, lang = message.event, self.app.lang
        change = (f" – {tr('pay_change', lang)} "
                  f"{format_money(event.change_ore, lang)}") if event.change_ore else ""
        self.receipt_note = f"{tr('pay_done', lang)} ({event.receipt_number}){change}"

    @on(messages.MemberChanged)
    def member_changed(self, message: messages.MemberChanged) -> None:
        self.query_one(MemberPanel).show(self.view, pending=message.event.pending)

    @on(messages.Notice)
    def notice(self, message: messages.Notice) -> None:
        self.show_notice(message.event)

    @on(messages.NeedsAgeCheck)
    def age_check(self, message: messages.NeedsAgeCheck) -> None:
        self.ask_age(message.event)

    @on(messages.UnknownCode)
    def unknown_code(self, message: messages.UnknownCode) -> None:
        event, lang = message.event, self.app.lang
        self.app.push_screen(UnknownCodeDialog(lang, event.code, event.text.get(lang)),
                             self._after_unknown)

    @on(messages.WeightNeeded)
    def weight_needed(self, message: messages.WeightNeeded) -> None:
        self.ask_weight(message.event)

    @on(messages.QuantityArmed)
    def quantity_armed(self, message: messages.QuantityArmed) -> None:
        """After `3*`: the next item comes three times; the note goes once it is used."""
        notice = self.query_one(NoticeLine)
        quantity = message.event.quantity
        if quantity is not None:
            self.armed_text = tr("quantity_armed", self.app.lang, n=quantity)
            notice.show_text(self.armed_text, "warning")
        elif notice.notice is None and notice.plain == self.armed_text:
            notice.show_text("")

    @on(messages.PaymentProgress)
    @on(messages.PaymentFinished)
    def payment_news(self, message: messages.PaymentProgress | messages.PaymentFinished) -> None:
        """The payment screen was closed while the terminal still works: say how it goes."""
        event = message.event
        level = "info" if getattr(event, "outcome", "approved") == "approved" else "error"
        self.query_one(NoticeLine).show_text(event.text.get(self.app.lang), level)

    def show_notice(self, notice: Notice) -> None:
        self.query_one(NoticeLine).show(notice)
        if notice.code in MODAL_NOTICES:
            self.app.push_screen(
                MessageDialog(self.app.lang, tr("refused_title", self.app.lang),
                              notice.text.get(self.app.lang))
            )

    def ask_age(self, event: NeedsAgeCheck) -> None:
        if any(isinstance(screen, AgeCheckDialog) for screen in self.app.screen_stack):
            return  # one question at a time: its answer covers every line asked about
        names = [line.description for line in event.lines]
        self.app.push_screen(
            AgeCheckDialog(self.app.lang, event.required_age, names), self._after_age
        )

    def _after_age(self, approved: bool | None) -> None:
        till = self.app.till
        self.app.command(till.confirm_age if approved else till.refuse_age)

    def _after_unknown(self, choice: str | None) -> None:
        if choice == "lookup":
            self.action_search()

    def ask_weight(self, event: WeightNeeded) -> None:
        lang = self.app.lang

        def after(grams: int | None) -> None:
            if grams is not None:
                self.app.command(self.app.till.add_weighed, event.product_key, grams)

        self.app.push_screen(
            NumberDialog(lang, tr("weight_title", lang, name=event.product_name),
                         tr("weight_placeholder", lang)),
            after,
        )

    def relabel(self) -> None:
        """Apply the current language to every widget (F10 switches at runtime)."""
        lang = self.app.lang
        for widget in (self.query_one(Basket), self.query_one(TotalsPanel),
                       self.query_one(MemberPanel), self.query_one(StatusBar),
                       self.query_one(NoticeLine)):
            widget.lang = lang
        self.query_one(Basket).set_language(lang)
        self.query_one(TotalsPanel).show(self.view)
        self.query_one(MemberPanel).refresh_text()
        self.query_one(StatusBar).show(self.app.status)
        notice = self.query_one(NoticeLine)
        if self.view is None and notice.notice is None:
            notice.show_text(tr("no_sale", lang))
        else:
            notice.redraw()
        self.query_one("#code", Input).placeholder = tr("input_placeholder", lang)
        hidden = frozenset() if self.app.demo else frozenset({"sale.devices"})
        relabel_bindings(self, KEY_LABELS, lang, hidden)

    # -- the input line -------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if not text:
            return
        if any(ch.isalpha() for ch in text):
            self.action_search(text)
            return
        self.app.command(self.app.till.enter_code, text)

    # -- actions -------------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        basket = self.query_one(Basket)
        basket.move_cursor(row=max(0, basket.cursor_row + step))

    def action_search(self, query: str = "") -> None:
        from pos.faces.cashier.screens.search import SearchScreen

        def after(key: str | None) -> None:
            if key is not None:
                self.app.command(self.app.till.add_product, key)

        self.app.push_screen(SearchScreen(self.app.lang, query), after)

    def action_void_line(self) -> None:
        line_id = self.query_one(Basket).selected_line_id
        if line_id is not None:
            self.app.command(self.app.till.void_line, line_id)

    def action_void_sale(self) -> None:
        if self.view is None:
            return

        def after(yes: bool | None) -> None:
            if yes:
                self.app.command(self.app.till.void_sale)

        self.app.push_screen(ConfirmDialog(self.app.lang, tr("void_sale_q", self.app.lang)), after)

    def action_remove_member(self) -> None:
        self.app.command(self.app.till.detach_member)

    def action_pay(self) -> None:
        if self.view is None:
            return
        from pos.faces.cashier.screens.payment import PaymentScreen

        self.app.push_screen(PaymentScreen())

    def action_suspend(self) -> None:
        self.app.command(self.app.till.suspend)

    def action_resume(self) -> None:
        from pos.faces.cashier.screens.suspended import SuspendedScreen

        def after(sale_id: str | None) -> None:
            if sale_id is not None:
                self.app.command(self.app.till.resume, sale_id)

        self.app.push_screen(SuspendedScreen(self.app.lang), after)
