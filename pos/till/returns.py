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
from collections.abc import Mapping
from typing import Any

from pos.compliance.ledger import RETURN_OF, read_ledger
from pos.compliance.receipts import print_copy as receipt_copy
from pos.compliance.receipts import print_receipt
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
from pos.domain.texts import Text
from pos.journal import CopyLimitReached, EventType
from pos.sync.client import BackendProblem, BackendUnavailable
from pos.till.core import TillError, async_command, command
from pos.till.events import PaymentProgress, ReceiptReady
from pos.till.reports import ReportFlow

COOPAY_REFUND_UNAVAILABLE = Text(
    "Coopay-refusjon er ikke mulig nå (ingen kontakt med medlemssystemet). "
    "Prøv igjen, eller refunder kontant.",
    "A Coopay refund is not possible now (no contact with the member backend). "
    "Try again, or refund in cash.",
)


class ReturnFlow(ReportFlow):
    _pending_refund: tuple[str, ReturnPlan, dict[str, str], str] | None = None
    """(terminal request id, plan, refund references so far, the return's sale id)."""

    @command
    def returnable(self, reference: str) -> list[ReturnableLine]:
        """The lines of receipt `reference` that can still be returned, with what is left."""
        self.require_operator()
        nr = parse_receipt_reference(reference, self.register)
        return returnable_lines(read_ledger(self.journal, self.settings), nr)

    @async_command
    async def start_return(self, reference: str, quantities: Mapping[int, int] | None = None,
                           *, cash_refund: bool = False) -> int | None:
        """Return goods from a receipt; the return's receipt number, or None while a card
        refund waits for the terminal (the return completes on its answer)."""
        self.require_between_sales()
        nr = parse_receipt_reference(reference, self.register)
        plan = plan_return(read_ledger(self.journal, self.settings), nr, quantities)
        if cash_refund:
            plan = with_cash_refund(plan)
        sale_id = str(uuid.uuid4())
        references: dict[str, str] = {}
        for kind, amount, original_ref in plan.refunds:
            if kind == "coopay":
                references["coopay"] = await self._refund_coopay(original_ref, amount, sale_id)
        card = next(((a, r) for k, a, r in plan.refunds if k == "card"), None)
        if card is not None and self.hub is not None:
            self._request_card_refund(plan, references, sale_id, *card)
            return None
        if card is not None:  # no terminal: the card part goes back in cash
            plan = _card_to_cash(plan)
        return self._finish_return(plan, references, sale_id)

    async def _refund_coopay(self, payment_reference: str, amount: int, sale_id: str) -> str:
        if self.client is None:
            raise TillError(COOPAY_REFUND_UNAVAILABLE)
        try:
            answer = await self.client.refund_coopay(
                payment_reference=payment_reference, amount_ore=amount, purchase_id=sale_id,
                idempotency_key=f"{sale_id}:{payment_reference}")
        except BackendProblem as problem:
            raise TillError(problem.text) from None
        except BackendUnavailable:
            raise TillError(COOPAY_REFUND_UNAVAILABLE) from None
        return str(answer.get("refund_reference", payment_reference))

    def _request_card_refund(self, plan: ReturnPlan, references: dict[str, str], sale_id: str,
                             amount: int, original_ref: str) -> None:
        request_id = uuid.uuid4().hex
        try:
            self.hub.payment.refund(amount, request_id=request_id,
                                    original_transaction_id=original_ref or None)
        except Exception as exc:  # DeviceNotConnected, PaymentBusy: pay it out in cash
            self.notice("warning", Text(f"Terminalen kan ikke refundere nå ({exc}): kontant.",
                                        f"The terminal cannot refund now ({exc}): cash."),
                        "card_refund_unavailable")
            self._finish_return(_card_to_cash(plan), references, sale_id)
            return
        self._pending_refund = (request_id, plan, references, sale_id)
        self._payment_busy = True
        self.emit(PaymentProgress("card", Text("Refunderer til kortet på terminalen …",
                                               "Refunding to the card at the terminal …"),
                                  "REFUND_REQUESTED"))

    def on_payment_result(self, *, request_id: str, outcome: str, **result: Any) -> None:
        """A card refund's answer finishes the waiting return; anything else is a payment."""
        pending = self._pending_refund
        if pending is None or pending[0] != request_id:
            super().on_payment_result(request_id=request_id, outcome=outcome, **result)
            return
        _, plan, references, sale_id = pending
        self._pending_refund = None
        self._payment_busy = False
        if outcome == "approved":
            references["card"] = result.get("transaction_id") or ""
        else:
            plan = _card_to_cash(plan)
            self.notice("warning", Text("Kortrefusjonen gikk ikke gjennom: gi beløpet kontant.",
                                        "The card refund did not go through: pay it in cash."),
                        "card_refund_failed")
        self._finish_return(plan, references, sale_id)

    def _finish_return(self, plan: ReturnPlan, references: Mapping[str, str],
                       sale_id: str) -> int:
        """Signed return + outbox purchase in one commit, then the return receipt."""
        now = self.now()
        refunds = [(kind, amount, references.get(kind, ref)) for kind, amount, ref
                   in plan.refunds]
        with self.journal.atomic():
            done = record_return(self.journal, plan, references, sale_id=sale_id)
            assert done.cash is not None
            self.outbox.enqueue(sale_id, return_purchase_body(
                plan, sale_id=sale_id, receipt_number=done.cash.nr, store=self.store,
                register=self.register, completed_at=now, training=self.journal.training,
                refunds=refunds))
        number = done.cash.nr
        text = print_receipt(self.journal, number, self._printer, lang=self.lang,
                             settings=self.settings)
        if any(kind == "cash" for kind, _, _ in refunds):
            self.journal.append(EventType.DRAWER_OPENED, {"receipt_number": number},
                                sale_id=sale_id)
        self._last_completed = sale_id
        self.emit(ReceiptReady(sale_id, number, text))
        sync = getattr(self, "sync", None)
        if sync is not None:
            sync.wake()
        return number

    @command
    def print_copy(self, sale_id: str | None = None) -> bool | None:
        """The one copy of a receipt; a return receipt's copy is rebuilt from its return lines."""
        self.require_operator()
        sale_id = sale_id or self._last_completed
        started = next(iter(self.journal.entries(sale_id=sale_id)), None) if sale_id else None
        if started is None or RETURN_OF not in started.payload:
            return super().print_copy(sale_id)  # None when refused, like every command
        done = next((e for e in self.journal.entries(sale_id=sale_id) if e.cash), None)
        if done is None or done.cash is None:
            raise TillError(Text("Returen er ikke fullført.", "The return is not completed."))
        try:
            text = receipt_copy(self.journal, done.cash.nr, lang=self.lang,
                                settings=self.settings)
        except CopyLimitReached:
            raise TillError(Text("Kvitteringen er allerede kopiert én gang.",
                                 "This receipt was copied once already.")) from None
        try:
            self._printer(text)
        except Exception:  # the copy is journaled; the screen shows it anyway
            self.notice("warning", Text("Kopien ble ikke skrevet ut.",
                                        "The copy was not printed."), "receipt_not_printed")
        self.emit(ReceiptReady(sale_id, done.cash.nr, text))
        return True

    def _printer(self, text: str) -> None:
        if self.hub is None:
            raise TillError(Text("Ingen skriver.", "No printer."))
        self.hub.print_receipt(text)


def _card_to_cash(plan: ReturnPlan) -> ReturnPlan:
    """The same refunds with the card part paid out in cash."""
    card = sum(amount for kind, amount, _ in plan.refunds if kind == "card")
    others = tuple(r for r in plan.refunds if r[0] != "card")
    cash = sum(amount for kind, amount, _ in others if kind == "cash") + card
    kept = tuple(r for r in others if r[0] != "cash")
    return ReturnPlan(plan.original, plan.lines, (*kept, ("cash", cash, "")))
