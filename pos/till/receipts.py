"""Around receipts: the one copy the regulation allows, training mode, the drawer by hand.

A copy ("KOPI") is rebuilt from the journal: the completed sale's operations are
replayed and its receipt number and time come from its signed cash
transaction, so the copy shows exactly what the original showed. The journal
refuses a second copy; the cashier is told why.
"""

from __future__ import annotations

from pos.domain.receipt import build_receipt
from pos.domain.receipt_text import render_receipt
from pos.domain.sale import Sale
from pos.domain.texts import Text
from pos.journal import CopyLimitReached, EventType, JournalError
from pos.till.core import TillError, command
from pos.till.events import ReceiptReady
from pos.till.lines import LineFlow


class ReceiptFlow(LineFlow):
    _last_completed: str | None = None

    def sale_completed(self, sale: Sale) -> None:
        self._last_completed = sale.sale_id

    @command
    def print_copy(self, sale_id: str | None = None) -> bool:
        """Print the one allowed copy of a completed sale's receipt (default: the last one)."""
        operator = self.require_operator()
        sale_id = sale_id or self._last_completed
        if sale_id is None:
            raise TillError(Text("Ingen kvittering å kopiere.", "No receipt to copy."))
        entries = list(self.journal.entries(sale_id=sale_id))
        done = next((e for e in entries if e.type == EventType.SALE_COMPLETED), None)
        if done is None or done.cash is None:
            raise TillError(Text("Salget er ikke fullført.", "The sale is not completed."))
        sale = self.replay(entries)
        receipt = build_receipt(sale, receipt_number=done.cash.nr, issued_at=done.ts,
                                register_id=self.register, operator=done.operator_id or
                                operator.operator_id, copy=True)
        text = render_receipt(receipt, self.lang, self.settings.receipt_width)
        try:
            self.journal.append(EventType.RECEIPT_COPY_PRINTED,
                                {"receipt_number": done.cash.nr}, sale_id=sale_id)
        except CopyLimitReached:
            raise TillError(Text("Kvitteringen er allerede kopiert én gang.",
                                 "This receipt was copied once already.")) from None
        if self.hub is not None:
            try:
                self.hub.print_receipt(text)
            except Exception:  # the copy is journaled; the screen shows it anyway
                self.notice("warning", Text("Kopien ble ikke skrevet ut.",
                                            "The copy was not printed."), "receipt_not_printed")
        self.emit(ReceiptReady(sale_id, done.cash.nr, text))
        return True

    @command
    def set_training(self, on: bool) -> bool:
        """Training mode (receipts marked, counted apart); only between sales."""
        self.require_operator()
        if self._sale is not None and self._sale_journaled:
            raise TillError(Text("Avslutt salget først.", "Finish the sale first."))
        try:
            self.journal.set_training(on)
        except JournalError as exc:
            raise TillError(Text(f"Kan ikke endre treningsmodus: {exc}",
                                 f"Cannot change training mode: {exc}")) from None
        self._sale = None
        self.emit(self._session_event())  # type: ignore[attr-defined]
        self.notice("info", Text("Treningsmodus på." if on else "Treningsmodus av.",
                                 "Training mode on." if on else "Training mode off."),
                    "training_on" if on else "training_off")
        return True

    @command
    def open_drawer(self, reason: str = "manual") -> bool:
        """Open the cash drawer by hand: journaled (the regulation counts drawer openings)."""
        self.require_operator()
        self.journal.append(EventType.DRAWER_OPENED, {"manual": True, "reason": reason})
        return True
