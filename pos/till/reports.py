"""Printouts that are not sales receipts: X and Z reports, the provisional receipt.

The figures come from `pos.compliance.reports` (one computation for the till,
the CLI and SAF-T); the journal enforces the Z report's turn (numbered, one
per day, no open sale). A refused Z report tells the cashier why. A provisional
receipt shows the open sale before payment, marked as not a receipt for purchase.
"""

from __future__ import annotations

from pos.compliance.receipts import provisional_text
from pos.compliance.report_text import render_report
from pos.compliance.reports import Report, x_report, z_report
from pos.domain.texts import Text
from pos.journal import EventType, ZReportRefused
from pos.till.cash import CashFlow
from pos.till.core import TillError, command
from pos.till.events import ReportReady

Z_REFUSED = {
    "same_day": Text("Z-rapporten for i dag er allerede kjørt. "
                     "En X-rapport kan kjøres når som helst.",
                     "Today's Z report was run already. An X report can be run at any time."),
    "sale_open": Text("Avslutt eller parker salget før Z-rapporten.",
                      "Finish or suspend the sale before the Z report."),
}




class ReportFlow(CashFlow):
    def _print_report(self, report: Report) -> ReportReady:
        text = render_report(report, self.lang, self.settings.receipt_width)
        if self.hub is not None:
            try:
                self.hub.print_receipt(text)
            except Exception:  # journaled already; the screen shows it
                self.notice("warning", Text("Rapporten ble ikke skrevet ut.",
                                            "The report was not printed."), "report_not_printed")
        ready = ReportReady(report.kind, report.number, text, report)
        self.emit(ready)
        return ready

    @command
    def x_report(self) -> ReportReady:
        """Totals since the last Z report; any time, does not reset anything."""
        self.require_operator()
        return self._print_report(x_report(self.journal, self.settings))

    @command
    def z_report(self) -> ReportReady:
        """Close the day: the next Z number, totals reset (once per register per day)."""
        self.require_between_sales()
        try:
            report = z_report(self.journal, self.settings)
        except ZReportRefused as refused:
            reason = Z_REFUSED.get(refused.reason, Text(str(refused), str(refused)))
            raise TillError(reason) from None
        return self._print_report(report)

    @command
    def print_provisional(self) -> str:
        """The open sale on paper before payment ("FORELØPIG KVITTERING"), journaled."""
        operator = self.require_operator()
        sale = self.require_sale()
        if not self._sale_journaled:
            raise TillError(Text("Salget har ingen varer ennå.", "The sale has no items yet."))
        text = provisional_text(sale, register_id=self.register, operator=operator.operator_id,
                                issued_at=self.now(), lang=self.lang, settings=self.settings)
        self.journal.append(EventType.RECEIPT_PROVISIONAL_PRINTED,
                            {"amount_ore": sale.totals.total_ore}, sale_id=sale.sale_id)
        if self.hub is not None:
            try:
                self.hub.print_receipt(text)
            except Exception:  # journaled; the screen shows it
                self.notice("warning", Text("Utskriften feilet.", "Printing failed."),
                            "receipt_not_printed")
        return text
