"""What the shopper reads on the customer display (2 × 20), kept in step with the sale.

It watches the till's own events (`TillSession.watch`), so it changes with the
basket in the same step the cashier's screen does: the last line scanned and its
amount over the total (or what is left to pay once paying has begun), then the
total and the change (or thanks) after payment, and a welcome between sales. The
words are the till's catalogue's, in the till's language. A till without a
display (or one that is unplugged) simply shows nothing: it never stops a sale.
"""

from __future__ import annotations

from devices.display import COLUMNS, row
from pos.domain.money import format_amount, format_money
from pos.domain.view import SaleView
from pos.till.events import ReceiptReady, SaleChanged, TillEvent
from pos.till.ports import DevicePort
from pos.till.session import TillSession
from pos.till.texts import T

WELCOME, TOTAL, TO_PAY, CHANGE, THANKS = (
    T("display_welcome"), T("display_total"), T("display_to_pay"), T("display_change"),
    T("display_thanks"))


class CustomerDisplay:
    def __init__(self, session: TillSession, *, devices: DevicePort | None) -> None:
        self.session = session
        self.devices = devices
        self._total_ore = 0
        self._tendered_ore = 0
        self._after_receipt = False
        self.shown: tuple[str, str] = ("", "")
        session.watch(self.on_event)

    def on_event(self, event: TillEvent) -> None:
        if isinstance(event, SaleChanged):
            self._sale(event.sale)
        elif isinstance(event, ReceiptReady) and not event.voided:
            self._receipt(event)

    def welcome(self) -> None:
        self._show(WELCOME.get(self.session.lang).center(COLUMNS), "")

    def _sale(self, sale: SaleView | None) -> None:
        if sale is None:
            if not self._after_receipt:  # voided, parked, or the till started: welcome
                self.welcome()
            self._after_receipt = False
            return
        self._after_receipt = False
        lang = self.session.lang
        self._total_ore = sale.totals.total_ore
        self._tendered_ore = sum(t.amount_ore for t in sale.tenders if not t.voided)
        active = [line for line in sale.lines if line.active]
        if not active:
            self.welcome()
            return
        last = active[-1]
        top = row(last.description, format_amount(last.amount_ore, lang))
        if sale.tenders:
            bottom = row(TO_PAY.get(lang), format_money(sale.remaining_ore, lang))
        else:
            bottom = row(TOTAL.get(lang), format_money(sale.totals.total_ore, lang))
        self._show(top, bottom)

    def _receipt(self, event: ReceiptReady) -> None:
        lang = self.session.lang
        paid = self._tendered_ore - event.change_ore  # after cash rounding, as on the receipt
        top = row(TOTAL.get(lang), format_money(paid if self._tendered_ore else self._total_ore,
                                                lang))
        bottom = (row(CHANGE.get(lang), format_money(event.change_ore, lang))
                  if event.change_ore else THANKS.get(lang).center(COLUMNS))
        self._after_receipt = True
        self._show(top, bottom)

    def _show(self, line1: str, line2: str) -> None:
        self.shown = (line1, line2)
        if self.devices is None:
            return
        try:
            self.devices.show_customer(line1, line2)
        except Exception:  # a display that is gone must never stop the sale
            return
