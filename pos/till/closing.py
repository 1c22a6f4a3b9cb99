"""Closing a sale: completed when paid, or voided; either way a signed cash transaction.

Completing is one commit: the signed cash transaction, its receipt number and
the purchase queued in the outbox, so there is never a completed sale without
its purchase (or the reverse). Then the receipt goes to the printer and the
screen (a member's receipt first waits briefly for what the purchase earned,
`pos.till.earnings`), and the drawer opening is journaled when cash changed hands. A void is
the signed void transaction in the same commit as its cancel operation; the
lines stay in the journal, and redeemed deposit slips are released.
"""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.lines import LineKind
from pos.domain.tender import TenderKind
from pos.journal import DepositSlips, EventType
from pos.sync.outbox import Outbox
from pos.till.drawer import Drawer
from pos.till.earnings import EarningsWait
from pos.till.events import ReceiptReady
from pos.till.members import Members
from pos.till.purchase import purchase_body
from pos.till.receipts import ReceiptDesk
from pos.till.session import TillSession
from pos.till.texts import T

SALE_VOIDED = T("sale_voided")


class SaleClosing:
    def __init__(self, session: TillSession, *, outbox: Outbox, slips: DepositSlips,
                 members: Members, receipts: ReceiptDesk, earnings: EarningsWait,
                 drawer: Drawer, store: str, register_id: str,
                 after_completed: Callable[[str], None]) -> None:
        self.session = session
        self.outbox = outbox
        self.slips = slips
        self.members = members
        self.receipts = receipts
        self.earnings = earnings
        self.drawer = drawer
        self.store = store
        self.register_id = register_id
        self.after_completed = after_completed
        """Told the sale id once a sale or return is completed (status bar, sync worker)."""

    def complete(self) -> None:
        """Signed cash transaction + receipt number + outbox, one commit; then print."""
        session = self.session
        sale = session.require_sale()
        operator = session.require_operator()
        now = session.now()
        totals = sale.totals
        amount_ex = sum(v.net_ore for v in totals.vat)
        with session.journal.atomic():
            entry = session.journal.complete_sale(
                sale.sale_id, amount_in=totals.total_ore, amount_ex=amount_ex,
                payload={"total_ore": totals.total_ore, "rounding_ore": sale.rounding_ore,
                         "change_ore": sale.change_ore},
            )
            assert entry.cash is not None
            number = entry.cash.nr
            member = self.members.identification()
            body = purchase_body(sale, store=self.store, register=self.register_id,
                                 receipt_number=number, completed_at=now, member=member)
            self.outbox.enqueue(sale.sale_id, body)
        earned = self.earnings.earned(sale.sale_id) if member and not sale.training else None
        text = self.receipts.print_sale(sale, number, operator=operator.operator_id,
                                       issued_at=now, earned=earned)
        if any(t.kind is TenderKind.CASH and not t.voided for t in sale.tenders):
            session.journal.append(EventType.DRAWER_OPENED, {"receipt_number": number},
                                   sale_id=sale.sale_id)
            self.drawer.kick()
        session.close_sale()
        session.emit(ReceiptReady(sale.sale_id, number, text, sale.change_ore))
        session.sale_changed()
        self.after_completed(sale.sale_id)

    def void(self, reason: str = "cashier") -> None:
        """Cancel the open sale: a signed void transaction; lines stay in the journal."""
        session = self.session
        session.require_not_paying()
        sale = session.require_sale()
        if not session.sale_journaled:
            session.close_sale()  # nothing was recorded: nothing to void
            session.sale_changed()
            return
        totals = sale.totals
        with session.recording() as sale:
            sale.cancel(reason, now=session.now())
            for line in sale.active_lines:
                if line.kind is LineKind.DEPOSIT_SLIP and line.slip_id:
                    self.slips.release(line.slip_id, reason="sale voided")
            session.journal.void_sale(
                sale.sale_id, amount_in=totals.total_ore,
                amount_ex=sum(v.net_ore for v in totals.vat),
                payload={"op": {"op": "cancel", "reason": reason,
                                "at": session.now().isoformat()}},
            )
        session.close_sale()
        session.notice("info", SALE_VOIDED, "sale_voided")
        session.sale_changed()
