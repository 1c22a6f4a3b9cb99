"""Parking a sale (suspend) to serve someone else, and taking it back (resume).

A parked sale stays open in the journal, marked suspended; it can be parked only
before any payment, so no money is ever left hanging on a parked sale. Resuming
replays it from the journal, exactly as it was.
"""

from __future__ import annotations

from pos.domain.view import SaleView
from pos.journal import EventType
from pos.till.commands import TillError
from pos.till.lines import Lines
from pos.till.session import TillSession
from pos.till.texts import T

PAID_PART = T("sale_payment_cannot_suspended")
FINISH_OPEN = T("finish_suspend_open_sale_first")


class Parking:
    def __init__(self, session: TillSession, lines: Lines) -> None:
        self.session = session
        self.lines = lines

    def suspend(self) -> bool:
        """Park the open sale (no payment taken yet) to serve someone else."""
        session = self.session
        session.require_not_paying()
        sale = session.require_sale()
        if any(not t.voided for t in sale.tenders):
            raise TillError(PAID_PART)
        if session.sale_journaled:
            session.journal.append(EventType.SALE_SUSPENDED, {}, sale_id=sale.sale_id)
        session.close_sale()
        session.sale_changed()
        return True

    def suspended(self) -> list[SaleView]:
        """Parked sales, oldest first."""
        return [self.session.replay(opened.events).view()
                for opened in self.session.journal.suspended_sales()]

    def resume(self, sale_id: str) -> bool:
        session = self.session
        session.require_operator()
        if session.sale_journaled:
            raise TillError(FINISH_OPEN)
        session.journal.append(EventType.SALE_RESUMED, {}, sale_id=sale_id)
        session.rebuild()
        self.lines.line_added(None)
        return True
