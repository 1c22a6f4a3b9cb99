"""Printing at the till: receipts, the one allowed copy, the provisional receipt, reports.

The texts are made in one place (`pos.compliance.receipts`, `report_text`); this
desk sends them to the printer and journals what the regulation counts: that a
receipt was printed or could not be (SAF-T 13030), a provisional receipt, a copy.
A printer that fails never undoes what is already recorded: the cashier is told
and the screen shows the text anyway.
"""

from __future__ import annotations

from datetime import datetime

from pos.compliance import receipts
from pos.compliance.ledger import RETURN_OF
from pos.compliance.report_text import render_report
from pos.compliance.reports import Report
from pos.compliance.returns import receipt_code
from pos.domain.receipt import Earnings
from pos.domain.receipt_text import screen_text
from pos.domain.sale import Sale
from pos.domain.texts import Text
from pos.journal import CopyLimitReached, Entry, EventType
from pos.till.commands import TillError
from pos.till.events import ReceiptReady, ReportReady
from pos.till.ports import DevicePort
from pos.till.session import TillSession
from pos.till.texts import T

NO_PRINTER = T("no_printer")
NOTHING_TO_COPY = T("no_receipt_copy")
COPIED_ONCE = T("receipt_copied_once_already")
NOT_COMPLETED = {False: T("sale_not_completed"),
                 True: T("return_not_completed")}


class ReceiptDesk:
    def __init__(self, session: TillSession, *, devices: DevicePort | None,
                 register_id: str) -> None:
        self.session = session
        self.devices = devices
        self.register_id = register_id

    def _printer(self, text: str, barcode: str | None = None) -> None:
        if self.devices is None:
            raise TillError(NO_PRINTER)
        self.devices.print_receipt(text, barcode=barcode)

    def _screen(self, printed: str) -> str:
        """What the screen shows of a printed text (titles centred instead of enlarged)."""
        return screen_text(printed, self.session.settings.receipt_width)

    def _print_or_warn(self, text: str, warning: Text, code: str = "receipt_not_printed") -> None:
        """Print what is already journaled; a failing printer only warns."""
        try:
            self._printer(text)
        except Exception:  # no printer, paper out, port gone
            self.session.notice("warning", warning, code)

    # -- a completed sale -----------------------------------------------------------------------

    def print_sale(self, sale: Sale, number: int, *, operator: str, issued_at: datetime,
                   earned: Earnings | None = None) -> str:
        """The receipt of the sale just completed: printed (with its Code 128), journaled
        with what it said the purchase earned (so its copy says the same)."""
        session = self.session
        text = receipts.sale_receipt_text(
            sale, receipt_number=number, issued_at=issued_at, register_id=self.register_id,
            operator=operator, lang=session.lang, settings=session.settings, earned=earned)
        said = {"earned": earned.to_json()} if earned is not None else {}
        try:
            # the receipt's code as Code 128: scanned back at the till for a return
            self._printer(text, barcode=receipt_code(self.register_id, number))
        except Exception as exc:  # no printer configured, or it refused the bytes
            session.journal.append(EventType.RECEIPT_NOT_PRINTED,
                                   {"receipt_number": number, "reason": str(exc), **said},
                                   sale_id=sale.sale_id)
            session.notice("warning", T("receipt_not_printed"), "receipt_not_printed")
        else:
            session.journal.append(EventType.RECEIPT_PRINTED, {"receipt_number": number, **said},
                                   sale_id=sale.sale_id)
        return self._screen(text)

    def print_return(self, number: int) -> str:
        """A return receipt (naming the original), printed and journaled like a sale's."""
        session = self.session
        return self._screen(receipts.print_receipt(session.journal, number, self._printer,
                                                   lang=session.lang, settings=session.settings))

    # -- copies and the provisional receipt ---------------------------------------------------

    def print_copy(self, sale_id: str | None = None) -> bool:
        """The one allowed copy of a completed sale's or return's receipt (default: the last)."""
        session = self.session
        session.require_operator()
        sale_id = sale_id or session.last_completed
        if sale_id is None:
            raise TillError(NOTHING_TO_COPY)
        entries = list(session.journal.entries(sale_id=sale_id))
        is_return = bool(entries) and RETURN_OF in entries[0].payload
        done = _completion(entries)
        if done is None or done.cash is None:
            raise TillError(NOT_COMPLETED[is_return])
        try:
            text = receipts.print_copy(session.journal, done.cash.nr, lang=session.lang,
                                       settings=session.settings)
        except CopyLimitReached:
            raise TillError(COPIED_ONCE) from None
        self._print_or_warn(text, T("copy_not_printed"))
        session.emit(ReceiptReady(sale_id, done.cash.nr, self._screen(text)))
        return True

    def print_provisional(self) -> str:
        """The open sale on paper before payment ("FORELØPIG KVITTERING"), journaled."""
        session = self.session
        operator = session.require_operator()
        sale = session.require_sale()
        if not session.sale_journaled:
            raise TillError(T("sale_no_items_yet"))
        text = receipts.provisional_text(sale, register_id=self.register_id,
                                         operator=operator.operator_id, issued_at=session.now(),
                                         lang=session.lang, settings=session.settings)
        session.journal.append(EventType.RECEIPT_PROVISIONAL_PRINTED,
                               {"amount_ore": sale.totals.total_ore}, sale_id=sale.sale_id)
        self._print_or_warn(text, T("printing_failed"))
        return self._screen(text)

    # -- reports ------------------------------------------------------------------------------

    def print_report(self, report: Report) -> ReportReady:
        """An X or Z report (journaled already) on paper and on the screen."""
        settings = self.session.settings
        text = render_report(report, self.session.lang, settings.receipt_width, settings)
        self._print_or_warn(text, T("report_not_printed"), "report_not_printed")
        ready = ReportReady(report.kind, report.number, self._screen(text), report)
        self.session.emit(ready)
        return ready


def _completion(entries: list[Entry]) -> Entry | None:
    return next((e for e in entries if e.type == EventType.SALE_COMPLETED), None)
