"""Returns at the till: scan the receipt's barcode (or type its number), pick lines, refund.

    lines = till.returnable("KV3-17")                 # what is left to return
    nr = await till.start_return("KV3-17", {2: 1})    # line 2, one unit (None: everything left)

The refund goes back the way the money came (`pos.compliance.returns`):
Coopay through the backend (`/coopay/refunds`, naming the return's own id),
a bank card through the payment terminal (a `refund` request; the return is
recorded when the terminal approves, and a declined or timed-out card refund is
paid out in cash instead, with a notice), cash from the drawer. The signed
return transaction, its return receipt number and the backend's `kind: return`
purchase (which reverses the bonus and dividend the items earned) are one commit;
then the return receipt ("Returkvittering", naming the original) is printed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping

from pos.compliance.ledger import read_ledger
from pos.compliance.returns import (
    ReturnableLine,
    ReturnPlan,
    parse_receipt_reference,
    plan_return,
    record_return,
    return_purchase_body,
    returnable_lines,
    with_cash_refund,
)
from pos.journal import EventType
from pos.sync.client import BackendProblem, BackendUnavailable
from pos.sync.outbox import Outbox
from pos.till.commands import TillError
from pos.till.drawer import Drawer
from pos.till.events import PaymentProgress, ReceiptReady
from pos.till.ports import DevicePort, MemberBackend
from pos.till.receipts import ReceiptDesk
from pos.till.session import TillSession
from pos.till.texts import T

COOPAY_REFUND_UNAVAILABLE = T("coopay_refund_not_possible_now")


class Returns:
    def __init__(self, session: TillSession, *, devices: DevicePort | None,
                 backend: MemberBackend | None, outbox: Outbox, receipts: ReceiptDesk,
                 drawer: Drawer, store: str, register_id: str,
                 after_completed: Callable[[str], None]) -> None:
        self.session = session
        self.drawer = drawer
        self.devices = devices
        self.backend = backend
        self.outbox = outbox
        self.receipts = receipts
        self.store = store
        self.register_id = register_id
        self.after_completed = after_completed
        self._pending: tuple[str, ReturnPlan, dict[str, str], str] | None = None
        """(terminal request id, plan, refund references so far, the return's sale id)."""

    def returnable(self, reference: str) -> list[ReturnableLine]:
        """The lines of receipt `reference` that can still be returned, with what is left."""
        self.session.require_operator()
        nr = parse_receipt_reference(reference, self.register_id)
        return returnable_lines(read_ledger(self.session.journal, self.session.settings), nr)

    async def start_return(self, reference: str, quantities: Mapping[int, int] | None = None,
                           *, cash_refund: bool = False) -> int | None:
        """Return goods from a receipt; the return's receipt number, or None while a card
        refund waits for the terminal (the return completes on its answer)."""
        self.session.require_between_sales()
        nr = parse_receipt_reference(reference, self.register_id)
        plan = plan_return(read_ledger(self.session.journal, self.session.settings), nr,
                           quantities)
        if cash_refund:
            plan = with_cash_refund(plan)
        sale_id = str(uuid.uuid4())
        references: dict[str, str] = {}
        for kind, amount, original_ref in plan.refunds:
            if kind == "coopay":
                references["coopay"] = await self._refund_coopay(original_ref, amount, sale_id)
        card = next(((a, r) for k, a, r in plan.refunds if k == "card"), None)
        if card is not None and self.devices is not None:
            self._request_card_refund(self.devices, plan, references, sale_id, *card)
            return None
        if card is not None:  # no terminal: the card part goes back in cash
            plan = card_to_cash(plan)
        return self._finish(plan, references, sale_id)

    async def _refund_coopay(self, payment_reference: str, amount: int, sale_id: str) -> str:
        if self.backend is None:
            raise TillError(COOPAY_REFUND_UNAVAILABLE)
        try:
            answer = await self.backend.refund_coopay(
                payment_reference=payment_reference, amount_ore=amount, purchase_id=sale_id,
                idempotency_key=f"{sale_id}:{payment_reference}")
        except BackendProblem as problem:
            raise TillError(problem.text) from None
        except BackendUnavailable:
            raise TillError(COOPAY_REFUND_UNAVAILABLE) from None
        return str(answer.get("refund_reference", payment_reference))

    def _request_card_refund(self, devices: DevicePort, plan: ReturnPlan,
                             references: dict[str, str], sale_id: str, amount: int,
                             original_ref: str) -> None:
        request_id = uuid.uuid4().hex
        try:
            devices.payment.refund(amount, request_id=request_id,
                                   original_transaction_id=original_ref or None)
        except Exception as exc:  # DeviceNotConnected, PaymentBusy: pay it out in cash
            self.session.notice("warning", T("terminal_cannot_refund_now_cash", exc=exc),
                                "card_refund_unavailable")
            self._finish(card_to_cash(plan), references, sale_id)
            return
        self._pending = (request_id, plan, references, sale_id)
        self.session.payment_busy = True
        self.session.emit(PaymentProgress("card", T("refunding_card_terminal"),
                                          "REFUND_REQUESTED"))

    def waits_for(self, request_id: str) -> bool:
        """Is this terminal answer the one a return is waiting for?"""
        return self._pending is not None and self._pending[0] == request_id

    def on_refund_result(self, *, outcome: str, transaction_id: str | None) -> None:
        """A card refund's answer finishes the waiting return (in cash if it failed)."""
        assert self._pending is not None
        _, plan, references, sale_id = self._pending
        self._pending = None
        self.session.payment_busy = False
        if outcome == "approved":
            references["card"] = transaction_id or ""
        else:
            plan = card_to_cash(plan)
            self.session.notice("warning", T("card_refund_did_not_go"), "card_refund_failed")
        self._finish(plan, references, sale_id)

    def _finish(self, plan: ReturnPlan, references: Mapping[str, str], sale_id: str) -> int:
        """Signed return + outbox purchase in one commit, then the return receipt."""
        session = self.session
        now = session.now()
        refunds = [(kind, amount, references.get(kind, ref)) for kind, amount, ref
                   in plan.refunds]
        with session.journal.atomic():
            done = record_return(session.journal, plan, references, sale_id=sale_id)
            assert done.cash is not None
            self.outbox.enqueue(sale_id, return_purchase_body(
                plan, sale_id=sale_id, receipt_number=done.cash.nr, store=self.store,
                register=self.register_id, completed_at=now, training=session.journal.training,
                refunds=refunds))
        number = done.cash.nr
        text = self.receipts.print_return(number)
        if any(kind == "cash" for kind, _, _ in refunds):
            session.journal.append(EventType.DRAWER_OPENED, {"receipt_number": number},
                                   sale_id=sale_id)
            self.drawer.kick()
        session.emit(ReceiptReady(sale_id, number, text))
        self.after_completed(sale_id)
        return number


def card_to_cash(plan: ReturnPlan) -> ReturnPlan:
    """The same refunds with the card part paid out in cash."""
    card = sum(amount for kind, amount, _ in plan.refunds if kind == "card")
    others = tuple(r for r in plan.refunds if r[0] != "card")
    cash = sum(amount for kind, amount, _ in others if kind == "cash") + card
    kept = tuple(r for r in others if r[0] != "cash")
    return ReturnPlan(plan.original, plan.lines, (*kept, ("cash", cash, "")))
