"""X and Z reports at the till.

The figures come from `pos.compliance.reports` (one computation for the till,
the CLI and SAF-T); the journal enforces the Z report's turn (numbered, one
per day, no open sale). A refused Z report tells the cashier why.
"""

from __future__ import annotations

from pos.compliance.reports import x_report, z_report
from pos.journal import ZReportRefused
from pos.till.commands import TillError
from pos.till.events import ReportReady
from pos.till.receipts import ReceiptDesk
from pos.till.session import TillSession
from pos.till.texts import T

Z_REFUSED = {
    "same_day": T("z_report_done_today"),
    "sale_open": T("finish_suspend_sale_before_z"),
}


class Reports:
    def __init__(self, session: TillSession, receipts: ReceiptDesk) -> None:
        self.session = session
        self.receipts = receipts

    def x_report(self) -> ReportReady:
        """Totals since the last Z report; any time, does not reset anything."""
        self.session.require_operator()
        return self.receipts.print_report(x_report(self.session.journal, self.session.settings))

    def z_report(self) -> ReportReady:
        """Close the day: the next Z number, totals reset (once per register per day)."""
        self.session.require_between_sales()
        try:
            report = z_report(self.session.journal, self.session.settings)
        except ZReportRefused as refused:
            reason = Z_REFUSED.get(refused.reason) or T("z_refused", reason=str(refused))
            raise TillError(reason) from None
        return self.receipts.print_report(report)
