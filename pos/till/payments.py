"""Taking payment: cash, bank card through the payment terminal, Coopay, split across them.

Cash settles at once (rounded to whole kroner when it settles the rest, change
shown). A card payment is a request to the terminal (`pay_card`); its prompts
and its one result come back as device events (`on_payment_event`), and only an
approved result adds the tender, in the same commit as the terminal's answer.
Coopay sends the QR the shopper shows to the backend (`pay_coopay`, awaited on
the UI loop): approved adds the tender, a decline shows the backend's reason
("log in again in the Coop app"), and an unreachable backend declines clearly
as unavailable (cash and card keep working).

When the tenders cover the sale, it completes: the signed cash transaction, its
receipt number and the purchase in the outbox are one commit; then the receipt
goes to the screen and the printer and the drawer opens for cash.
"""

from __future__ import annotations

import uuid
from typing import Any

from pos.compliance.returns import receipt_code
from pos.domain.lines import LineKind
from pos.domain.money import format_money
from pos.domain.receipt import build_receipt
from pos.domain.receipt_text import render_receipt
from pos.domain.sale import Sale, SaleState
from pos.domain.tender import TenderKind, settle
from pos.domain.texts import DomainError, Text
from pos.journal import EventType
from pos.sync.client import BackendProblem, BackendUnavailable
from pos.till.core import TillError
from pos.till.events import PaymentFinished, PaymentProgress, ReceiptReady
from pos.till.members import MemberFlow, member_from_summary
from pos.till.purchase import purchase_body

COOPAY_UNAVAILABLE = Text(
    "Coopay er ikke tilgjengelig nå (ingen kontakt med medlemssystemet). "
    "Betal med kort eller kontant.",
    "Coopay is not available now (no contact with the member backend). Pay by card or cash.",
)
CARD_OUTCOMES = {
    "approved": Text("Kortbetaling godkjent.", "Card payment approved."),
    "declined": Text("Kortbetaling avvist.", "Card payment declined."),
    "cancelled": Text("Kortbetaling avbrutt.", "Card payment cancelled."),
    "timeout": Text("Betalingsterminalen svarte ikke i tide.", "The payment terminal timed out."),
}


def _money(amount_ore: int) -> Text:
    return Text(format_money(amount_ore, "nb"), format_money(amount_ore, "en"))


class PaymentFlow(MemberFlow):
    hub: Any

    def _init_payments(self) -> None:
        self._card_request: tuple[str, int] | None = None
        self._tender_refund: tuple[str, int] | None = None
        """(request id, tender id) of a card refund waiting for the terminal."""
        self._coopay_amount: int | None = None

    # -- shared checks ----------------------------------------------------------------------

    def _check_payable(self, kind: TenderKind, amount_ore: int) -> Sale:
        """Would this tender be accepted now? (Before asking a terminal or the backend.)"""
        self.require_operator()
        self.require_not_paying()
        sale = self.require_sale()
        if sale.age_check.pending:
            raise TillError(Text("Alderskontroll må gjøres før betaling.",
                                 "The age check must be done before payment."))
        if not sale.active_lines:
            raise TillError(Text("Salget har ingen varer.", "The sale has no items."))
        settle(kind, amount_ore, sale.remaining_ore, self.settings.cash_rounding)
        return sale

    def _tender_taken(self, sale: Sale, finished: PaymentFinished) -> None:
        """Show the payment's result, then complete the sale if it is paid."""
        self.emit(finished)
        self.sale_changed()
        if sale.state is SaleState.PAID:
            self._complete()

    # -- cash -------------------------------------------------------------------------------

    def pay_cash(self, tendered_ore: int | None = None) -> None:
        """Cash handed over (None: exactly what is due, rounded). Change is in the receipt event."""
        sale = self.require_sale()
        amount = sale.cash_due_ore if tendered_ore is None else tendered_ore
        if amount < 0:
            amount = 0  # the sale owes the shopper (deposit slips): a cash payout
        self._check_payable(TenderKind.CASH, amount)
        with self.recording() as sale:
            sale.add_tender(TenderKind.CASH, amount, now=self.now())
        self._tender_taken(sale, PaymentFinished(
            "cash", "approved", amount, Text("Kontant mottatt.", "Cash received.")))

    # -- bank card --------------------------------------------------------------------------

    def pay_card(self, amount_ore: int | None = None) -> str:
        """Ask the payment terminal for `amount_ore` (default: the rest); returns the request id."""
        sale = self.require_sale()
        amount = sale.remaining_ore if amount_ore is None else amount_ore
        self._check_payable(TenderKind.CARD, amount)
        if self.hub is None:
            raise TillError(Text("Ingen betalingsterminal er koblet til.",
                                 "No payment terminal is connected."))
        request_id = uuid.uuid4().hex
        try:
            self.hub.payment.purchase(amount, request_id=request_id)
        except Exception as exc:  # DeviceNotConnected, PaymentBusy, ProtocolError
            raise TillError(Text(f"Betalingsterminalen kan ikke ta betaling nå ({exc}).",
                                 f"The payment terminal cannot take payment now ({exc}).")
                            ) from None
        self._card_request = (request_id, amount)
        self._payment_busy = True
        self.emit(PaymentProgress("card", Text(f"Betal {_money(amount).nb} på terminalen.",
                                               f"Pay {_money(amount).en} at the terminal."),
                                  "REQUESTED"))
        return request_id

    def cancel_card_payment(self) -> bool:
        if self._card_request is None or self.hub is None:
            return False
        return bool(self.hub.payment.cancel())

    def on_payment_prompt(self, request_id: str | None, code: str, text: str) -> None:
        if self._card_request and request_id in (None, self._card_request[0]):
            self.emit(PaymentProgress("card", Text(text, text), code))

    def on_payment_result(self, *, request_id: str, outcome: str, amount_ore: int,
                          transaction_id: str | None, masked_pan: str | None,
                          reason: str | None, reason_code: str | None) -> None:
        """The terminal's one answer to `pay_card`: journal it; approved → the tender."""
        if self._tender_refund is not None and self._tender_refund[0] == request_id:
            self._card_refund_result(outcome, amount_ore, reason)
            return
        if self._card_request is None or self._card_request[0] != request_id:
            self.notice("warning", Text("Svar fra terminalen på en ukjent betaling ignorert.",
                                        "Ignored a terminal answer for an unknown payment."),
                        "payment_unknown_result")
            return
        self._card_request = None
        self._payment_busy = False
        sale = self.require_sale()
        payload = {"request_id": request_id, "outcome": outcome, "amount_ore": amount_ore,
                   "transaction_id": transaction_id or "", "masked_pan": masked_pan or "",
                   "reason": reason or "", "reason_code": reason_code or ""}
        text = CARD_OUTCOMES.get(outcome, CARD_OUTCOMES["declined"])
        if reason and outcome != "approved":
            text = text + Text(f" {reason}", f" {reason}")
        if outcome != "approved":
            self.journal.append(EventType.PAYMENT_TERMINAL_RESULT, payload, sale_id=sale.sale_id)
            self.emit(PaymentFinished("card", outcome, amount_ore, text, reason_code or ""))
            return
        try:
            with self.recording() as sale:
                self.journal.append(EventType.PAYMENT_TERMINAL_RESULT, payload,
                                    sale_id=sale.sale_id)
                sale.add_tender(TenderKind.CARD, amount_ore, now=self.now(),
                                reference=transaction_id or "", masked_card=masked_pan or "")
        except DomainError:  # e.g. beer hours ended meanwhile: the money moved, say so
            self.journal.append(EventType.PAYMENT_TERMINAL_RESULT,
                                {**payload, "tender_refused": True}, sale_id=sale.sale_id)
            self.emit(PaymentFinished("card", "approved", amount_ore, Text(
                "Kortbetalingen er godkjent, men salget kan ikke fullføres: refunder beløpet.",
                "The card payment was approved but the sale cannot complete: refund it."),
                "tender_refused", transaction_id or ""))
            raise
        self._tender_taken(sale, PaymentFinished("card", "approved", amount_ore, text,
                                                 reference=transaction_id or ""))

    # -- Coopay -----------------------------------------------------------------------------

    def expect_coopay(self, amount_ore: int | None) -> None:
        """The amount the next Coopay QR pays (a split); None: whatever is left."""
        self._coopay_amount = amount_ore

    async def pay_coopay(self, qr_payload: str, amount_ore: int | None = None) -> bool:
        """Authorise a scanned Coopay QR with the backend; True when approved."""
        sale = self.require_sale()
        amount = amount_ore or self._coopay_amount or sale.remaining_ore
        self._check_payable(TenderKind.COOPAY, amount)
        if self.client is None:
            self.emit(PaymentFinished("coopay", "unavailable", amount, COOPAY_UNAVAILABLE,
                                      "backend_unavailable"))
            return False
        self.emit(PaymentProgress("coopay", Text("Godkjenner Coopay …", "Authorising Coopay …"),
                                  "AUTHORISING"))
        self._payment_busy = True
        try:
            answer = await self.client.authorise_coopay(
                qr_payload=qr_payload, amount_ore=amount, purchase_id=sale.sale_id,
                idempotency_key=str(uuid.uuid4()),
            )
        except BackendProblem as problem:
            self.emit(PaymentFinished("coopay", "declined", amount, problem.text, problem.code))
            return False
        except BackendUnavailable:
            self.emit(PaymentFinished("coopay", "unavailable", amount, COOPAY_UNAVAILABLE,
                                      "backend_unavailable"))
            return False
        finally:
            self._payment_busy = False
        reference = str(answer["payment_reference"])
        with self.recording() as sale:
            if sale.member is None and isinstance(answer.get("member"), dict):
                sale.attach_member(member_from_summary(answer["member"], "Coopay"))
            sale.add_tender(TenderKind.COOPAY, amount, now=self.now(), reference=reference)
        self._coopay_amount = None
        self._tender_taken(sale, PaymentFinished(
            "coopay", "approved", amount, Text("Coopay godkjent.", "Coopay approved."),
            reference=reference))
        return True

    # -- taking a payment back ------------------------------------------------------------------

    async def void_payment(self, tender_id: int, reason: str = "cashier") -> bool:
        """Take a payment back before the sale is paid: cash at once, Coopay refunded by the
        backend, a card refunded at the terminal (its answer comes as a device event)."""
        self.require_not_paying()
        sale = self.require_sale()
        tender = next((t for t in sale.tenders if t.tender_id == tender_id and not t.voided),
                      None)
        if tender is None:
            raise TillError(Text(f"Betaling {tender_id} finnes ikke.",
                                 f"Payment {tender_id} does not exist."))
        if tender.kind is TenderKind.CARD:
            return self._refund_card_tender(tender_id, tender.applied_ore, tender.reference)
        if tender.kind is TenderKind.COOPAY:
            await self._refund_coopay_tender(sale.sale_id, tender_id, tender.applied_ore,
                                      tender.reference)
        self._void_tender(tender_id, reason)
        return True

    def _void_tender(self, tender_id: int, reason: str) -> None:
        with self.recording() as sale:
            sale.void_tender(tender_id, reason)
        self.notice("info", Text("Betalingen er annullert.", "The payment is voided."),
                    "payment_voided")
        self.sale_changed()

    async def _refund_coopay_tender(self, sale_id: str, tender_id: int, amount: int,
                             reference: str) -> None:
        if self.client is None:
            raise TillError(COOPAY_UNAVAILABLE)
        self._payment_busy = True
        try:
            await self.client.refund_coopay(
                payment_reference=reference, amount_ore=amount, purchase_id=sale_id,
                idempotency_key=f"refund-{sale_id}-{tender_id}",
            )
        except BackendProblem as problem:
            raise TillError(problem.text) from None
        except BackendUnavailable:
            raise TillError(COOPAY_UNAVAILABLE) from None
        finally:
            self._payment_busy = False

    def _refund_card_tender(self, tender_id: int, amount: int, reference: str) -> bool:
        if self.hub is None:
            raise TillError(Text("Ingen betalingsterminal er koblet til.",
                                 "No payment terminal is connected."))
        request_id = uuid.uuid4().hex
        try:
            self.hub.payment.refund(amount, request_id=request_id,
                                    original_transaction_id=reference or None)
        except Exception as exc:  # DeviceNotConnected, PaymentBusy
            raise TillError(Text(f"Terminalen kan ikke refundere nå ({exc}).",
                                 f"The terminal cannot refund now ({exc}).")) from None
        self._tender_refund = (request_id, tender_id)
        self._payment_busy = True
        self.emit(PaymentProgress("card", Text("Refusjon på terminalen …",
                                               "Refund at the terminal …"), "REFUND"))
        return True

    def _card_refund_result(self, outcome: str, amount_ore: int, reason: str | None) -> None:
        assert self._tender_refund is not None
        tender_id = self._tender_refund[1]
        self._tender_refund = None
        self._payment_busy = False
        sale = self.require_sale()
        self.journal.append(EventType.PAYMENT_TERMINAL_RESULT,
                            {"kind": "refund", "outcome": outcome, "amount_ore": amount_ore,
                             "tender_id": tender_id, "reason": reason or ""},
                            sale_id=sale.sale_id)
        if outcome == "approved":
            self._void_tender(tender_id, "refunded")
            return
        self.notice("error", Text(f"Refusjonen ble ikke godkjent ({outcome}).",
                                  f"The refund was not approved ({outcome})."), "refund_failed")

    # -- completing ---------------------------------------------------------------------------

    def _complete(self) -> None:
        """Signed cash transaction + receipt number + outbox, one commit; then print."""
        sale = self.require_sale()
        operator = self.require_operator()
        now = self.now()
        totals = sale.totals
        amount_ex = sum(v.net_ore for v in totals.vat)
        with self.journal.atomic():
            entry = self.journal.complete_sale(
                sale.sale_id, amount_in=totals.total_ore, amount_ex=amount_ex,
                payload={"total_ore": totals.total_ore, "rounding_ore": sale.rounding_ore,
                         "change_ore": sale.change_ore},
            )
            assert entry.cash is not None
            number = entry.cash.nr
            body = purchase_body(sale, store=self.store, register=self.register,
                                 receipt_number=number, completed_at=now,
                                 member=self.member_identification())
            self.outbox.enqueue(sale.sale_id, body)
        receipt = build_receipt(sale, receipt_number=number, issued_at=now,
                                register_id=self.register, operator=operator.operator_id)
        text = render_receipt(receipt, self.lang, self.settings.receipt_width)
        self._print(sale.sale_id, number, text)
        if any(t.kind is TenderKind.CASH and not t.voided for t in sale.tenders):
            self.journal.append(EventType.DRAWER_OPENED, {"receipt_number": number},
                                sale_id=sale.sale_id)
        self._sale = None
        self._sale_journaled = False
        self.emit(ReceiptReady(sale.sale_id, number, text, sale.change_ore))
        self.sale_changed()
        self.sale_completed(sale)

    def sale_completed(self, sale: Sale) -> None:
        """Hook: the engine wakes the sync worker and refreshes the status bar."""

    def _print(self, sale_id: str, number: int, text: str) -> None:
        try:
            if self.hub is None:
                raise TillError(Text("Ingen skriver.", "No printer."))
            # the receipt's code as Code 128: scanned back at the till for a return
            self.hub.print_receipt(text, barcode=receipt_code(self.register, number))
        except Exception as exc:  # no printer configured, or it refused the bytes
            self.journal.append(EventType.RECEIPT_NOT_PRINTED,
                                {"receipt_number": number, "reason": str(exc)}, sale_id=sale_id)
            self.notice("warning", Text("Kvitteringen ble ikke skrevet ut.",
                                        "The receipt was not printed."), "receipt_not_printed")
            return
        self.journal.append(EventType.RECEIPT_PRINTED, {"receipt_number": number},
                            sale_id=sale_id)

    # -- voiding --------------------------------------------------------------------------------

    def void_sale(self, reason: str = "cashier") -> None:
        """Cancel the open sale: a signed void transaction; lines stay in the journal."""
        self.require_not_paying()
        sale = self.require_sale()
        if not self._sale_journaled:
            self._sale = None  # nothing was recorded: nothing to void
            self.sale_changed()
            return
        totals = sale.totals
        with self.recording() as sale:
            sale.cancel(reason, now=self.now())
            for line in sale.active_lines:
                if line.kind is LineKind.DEPOSIT_SLIP and line.slip_id:
                    self.slips.release(line.slip_id, reason="sale voided")
            self.journal.void_sale(
                sale.sale_id, amount_in=totals.total_ore,
                amount_ex=sum(v.net_ore for v in totals.vat),
                payload={"op": {"op": "cancel", "reason": reason,
                                "at": self.now().isoformat()}},
            )
        self._sale = None
        self._sale_journaled = False
        self.notice("info", Text("Salget er annullert.", "The sale is voided."), "sale_voided")
        self.sale_changed()


