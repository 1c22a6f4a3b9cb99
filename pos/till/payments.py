"""Taking payment: cash, bank card through the payment terminal, Coopay, split across them.

Cash settles at once (rounded to whole kroner when it settles the rest, change
shown). A card payment is a request to the terminal (`pay_card`); its prompts
and its one result come back as device events (`on_prompt`, `on_result`), and
only an approved result adds the tender, in the same commit as the terminal's
answer. Coopay sends the QR the shopper shows to the backend (`pay_coopay`):
approved adds the tender, a decline shows the backend's reason ("log in again
in the Coop app"), and an unreachable backend declines clearly as unavailable
(cash and card keep working). When the tenders cover the sale, `SaleClosing`
completes it. A payment taken back before the sale is paid (`void_payment`)
goes back the way it came: cash at once, Coopay refunded by the backend, a card
refunded at the terminal.
"""

from __future__ import annotations

import uuid

from pos.domain.money import money
from pos.domain.sale import Sale, SaleState
from pos.domain.tender import TenderKind, settle
from pos.domain.texts import DomainError, Text
from pos.journal import EventType
from pos.sync.client import BackendProblem, BackendUnavailable
from pos.till.closing import SaleClosing
from pos.till.commands import TillError
from pos.till.events import PaymentFinished, PaymentProgress
from pos.till.members import member_from_summary
from pos.till.ports import DevicePort, MemberBackend
from pos.till.session import TillSession
from pos.till.texts import T

COOPAY_UNAVAILABLE = T("coopay_unavailable")
NO_TERMINAL = T("no_payment_terminal_connected")
CARD_OUTCOMES = {
    "approved": T("card_payment_approved"),
    "declined": T("card_payment_declined"),
    "cancelled": T("card_payment_cancelled"),
    "timeout": T("payment_terminal_timed_out"),
    "unknown": T("card_payment_not_completed"),
}


def money_text(amount_ore: int) -> Text:
    return money(amount_ore)


class Payments:
    def __init__(self, session: TillSession, *, devices: DevicePort | None,
                 backend: MemberBackend | None, closing: SaleClosing) -> None:
        self.session = session
        self.devices = devices
        self.backend = backend
        self.closing = closing
        self._card_request: tuple[str, int] | None = None
        """(request id, amount) of a card payment waiting for the terminal."""
        self._tender_refund: tuple[str, int] | None = None
        """(request id, tender id) of a card refund waiting for the terminal."""
        self._coopay_amount: int | None = None
        self._ask_terminal = False
        """A card request from before a restart waits for the terminal's word on it."""

    # -- shared checks ----------------------------------------------------------------------

    def _check_payable(self, kind: TenderKind, amount_ore: int) -> Sale:
        """Would this tender be accepted now? (Before asking a terminal or the backend.)"""
        session = self.session
        session.require_operator()
        session.require_not_paying()
        sale = session.require_sale()
        if sale.age_check.pending:
            raise TillError(T("age_check_must_done_before"))
        if not sale.active_lines:
            raise TillError(T("sale_no_items"))
        settle(kind, amount_ore, sale.remaining_ore, self.session.settings.cash_rounding)
        return sale

    def _tender_taken(self, sale: Sale, finished: PaymentFinished) -> None:
        """Show the payment's result, then complete the sale if it is paid."""
        self.session.emit(finished)
        self.session.sale_changed()
        if sale.state is SaleState.PAID:
            self.closing.complete()

    def _terminal(self) -> DevicePort:
        if self.devices is None:
            raise TillError(NO_TERMINAL)
        return self.devices

    # -- cash -------------------------------------------------------------------------------

    def pay_cash(self, tendered_ore: int | None = None) -> None:
        """Cash handed over (None: exactly what is due, rounded). Change is in the receipt event."""
        sale = self.session.require_sale()
        amount = sale.cash_due_ore if tendered_ore is None else tendered_ore
        if amount < 0:
            amount = 0  # the sale owes the shopper (deposit slips): a cash payout
        self._check_payable(TenderKind.CASH, amount)
        with self.session.recording() as sale:
            sale.add_tender(TenderKind.CASH, amount, now=self.session.now())
        self._tender_taken(sale, PaymentFinished(
            "cash", "approved", amount, T("cash_received")))

    # -- bank card --------------------------------------------------------------------------

    def pay_card(self, amount_ore: int | None = None) -> str:
        """Ask the payment terminal for `amount_ore` (default: the rest); returns the request id."""
        sale = self.session.require_sale()
        amount = sale.remaining_ore if amount_ore is None else amount_ore
        self._check_payable(TenderKind.CARD, amount)
        terminal = self._terminal()
        request_id = uuid.uuid4().hex
        request = {"request_id": request_id, "amount_ore": amount}
        # journaled before it goes out: a till killed from here on asks the terminal after
        # its restart what became of it, instead of charging twice or losing an approval
        self.session.journal.append(EventType.PAYMENT_TERMINAL_REQUESTED, request,
                                    sale_id=sale.sale_id)
        try:
            terminal.payment.purchase(amount, request_id=request_id)
        except Exception as exc:  # DeviceNotConnected, PaymentBusy, ProtocolError
            self.session.journal.append(EventType.PAYMENT_TERMINAL_RESULT,
                                        {**request, "outcome": "not_sent"}, sale_id=sale.sale_id)
            raise TillError(T("payment_terminal_cannot_take_payment", exc=exc)
                            ) from None
        self._card_request = (request_id, amount)
        self.session.payment_busy = True
        self.session.emit(PaymentProgress(
            "card", T("pay_at_terminal", amount=money_text(amount)), "REQUESTED"))
        return request_id

    def resume_in_flight(self) -> None:
        """After a restart: a card request of the open sale without its answer is in flight.

        Nothing else may change the sale until the terminal has said what became of it;
        the till asks as soon as the terminal is connected and someone is logged in."""
        sale = self.session.sale
        if sale is None:
            return
        asked: dict[str, int] = {}
        for entry in self.session.journal.entries(sale_id=sale.sale_id):
            request_id = entry.payload.get("request_id")
            if entry.type == EventType.PAYMENT_TERMINAL_REQUESTED:
                asked[request_id] = int(entry.payload["amount_ore"])
            elif entry.type == EventType.PAYMENT_TERMINAL_RESULT:
                asked.pop(request_id, None)
        if not asked:
            return
        self._card_request = list(asked.items())[-1]
        self._ask_terminal = True
        self.session.payment_busy = True
        self.session.emit(PaymentProgress("card", T("checking_last_card_payment"), "CHECKING"))
        self.ask_terminal()

    def ask_terminal(self) -> None:
        """Ask the terminal about the request from before the restart, once it can answer
        (connected) and its answer can be taken (an operator is logged in)."""
        if not self._ask_terminal or self._card_request is None or self.devices is None:
            return
        if self.session.operator is None:
            return
        request_id, amount = self._card_request
        try:
            self.devices.payment.status(amount, request_id=request_id)
        except Exception:  # not connected yet (or busy): asked again when it connects
            return
        self._ask_terminal = False

    def cancel_card_payment(self) -> bool:
        if self._card_request is None or self.devices is None:
            return False
        return bool(self.devices.payment.cancel())

    def on_prompt(self, request_id: str | None, code: str, text: str) -> None:
        """A line the terminal shows the shopper ("Sett inn kort"), passed on as it is."""
        if self._card_request and request_id in (None, self._card_request[0]):
            # the terminal's own display text, shown as it is in either language
            self.session.emit(PaymentProgress("card", Text.literal(text, text), code))

    def on_result(self, *, request_id: str, outcome: str, amount_ore: int,
                  transaction_id: str | None, masked_pan: str | None,
                  reason: str | None, reason_code: str | None) -> None:
        """The terminal's one answer to `pay_card`: journal it; approved → the tender."""
        session = self.session
        if self._tender_refund is not None and self._tender_refund[0] == request_id:
            self._card_refund_result(outcome, amount_ore, reason)
            return
        if self._card_request is None or self._card_request[0] != request_id:
            session.notice("warning", T("ignored_terminal_answer_unknown_payment"),
                           "payment_unknown_result")
            return
        self._card_request = None
        session.payment_busy = False
        sale = session.require_sale()
        payload = {"request_id": request_id, "outcome": outcome, "amount_ore": amount_ore,
                   "transaction_id": transaction_id or "", "masked_pan": masked_pan or "",
                   "reason": reason or "", "reason_code": reason_code or ""}
        text = CARD_OUTCOMES.get(outcome, CARD_OUTCOMES["declined"])
        if reason and outcome != "approved":
            text = T("card_outcome_because", outcome=text, reason=reason)
        if outcome != "approved":
            session.journal.append(EventType.PAYMENT_TERMINAL_RESULT, payload,
                                   sale_id=sale.sale_id)
            session.emit(PaymentFinished("card", outcome, amount_ore, text, reason_code or ""))
            return
        try:
            with session.recording() as sale:
                session.journal.append(EventType.PAYMENT_TERMINAL_RESULT, payload,
                                       sale_id=sale.sale_id)
                sale.add_tender(TenderKind.CARD, amount_ore, now=session.now(),
                                reference=transaction_id or "", masked_card=masked_pan or "")
        except DomainError:  # e.g. beer hours ended meanwhile: the money moved, say so
            session.journal.append(EventType.PAYMENT_TERMINAL_RESULT,
                                   {**payload, "tender_refused": True}, sale_id=sale.sale_id)
            session.emit(PaymentFinished("card", "approved", amount_ore,
                                         T("card_payment_approved_but_sale"), "tender_refused",
                                         transaction_id or ""))
            raise
        self._tender_taken(sale, PaymentFinished("card", "approved", amount_ore, text,
                                                 reference=transaction_id or ""))

    # -- Coopay -----------------------------------------------------------------------------

    def expect_coopay(self, amount_ore: int | None) -> bool:
        """The amount the next Coopay QR pays (a split); None: whatever is left.

        Checked now, as a card amount is: an amount Coopay cannot take is refused before
        the shopper opens the app, not after the QR was scanned."""
        sale = self.session.require_sale()
        self._check_payable(TenderKind.COOPAY,
                            sale.remaining_ore if amount_ore is None else amount_ore)
        self._coopay_amount = amount_ore
        return True

    async def pay_coopay(self, qr_payload: str, amount_ore: int | None = None) -> bool:
        """Authorise a scanned Coopay QR with the backend; True when approved."""
        session = self.session
        sale = session.require_sale()
        amount = amount_ore or self._coopay_amount or sale.remaining_ore
        self._check_payable(TenderKind.COOPAY, amount)
        if self.backend is None:
            session.emit(PaymentFinished("coopay", "unavailable", amount, COOPAY_UNAVAILABLE,
                                         "backend_unavailable"))
            return False
        session.emit(PaymentProgress("coopay", T("authorising_coopay"), "AUTHORISING"))
        session.payment_busy = True
        try:
            answer = await self.backend.authorise_coopay(
                qr_payload=qr_payload, amount_ore=amount, purchase_id=sale.sale_id,
                idempotency_key=str(uuid.uuid4()),
            )
        except BackendProblem as problem:
            session.emit(PaymentFinished("coopay", "declined", amount, problem.text,
                                         problem.code))
            return False
        except BackendUnavailable:
            session.emit(PaymentFinished("coopay", "unavailable", amount, COOPAY_UNAVAILABLE,
                                         "backend_unavailable"))
            return False
        finally:
            session.payment_busy = False
        reference = str(answer["payment_reference"])
        with session.recording() as sale:
            if sale.member is None and isinstance(answer.get("member"), dict):
                sale.attach_member(member_from_summary(answer["member"], "Coopay"))
            sale.add_tender(TenderKind.COOPAY, amount, now=session.now(), reference=reference)
        self._coopay_amount = None
        self._tender_taken(sale, PaymentFinished(
            "coopay", "approved", amount, T("coopay_approved"),
            reference=reference))
        return True

    # -- taking a payment back ------------------------------------------------------------------

    async def void_payment(self, tender_id: int, reason: str = "cashier") -> bool:
        """Take a payment back before the sale is paid: cash at once, Coopay refunded by the
        backend, a card refunded at the terminal (its answer comes as a device event)."""
        self.session.require_not_paying()
        sale = self.session.require_sale()
        tender = next((t for t in sale.tenders if t.tender_id == tender_id and not t.voided),
                      None)
        if tender is None:
            raise TillError(T("payment_does_not_exist", tender_id=tender_id))
        if tender.kind is TenderKind.CARD:
            return self._refund_card_tender(tender_id, tender.applied_ore, tender.reference)
        if tender.kind is TenderKind.COOPAY:
            await self._refund_coopay_tender(sale.sale_id, tender_id, tender.applied_ore,
                                             tender.reference)
        self._void_tender(tender_id, reason)
        return True

    def _void_tender(self, tender_id: int, reason: str) -> None:
        with self.session.recording() as sale:
            sale.void_tender(tender_id, reason)
        self.session.notice("info", T("payment_voided"),
                            "payment_voided")
        self.session.sale_changed()

    async def _refund_coopay_tender(self, sale_id: str, tender_id: int, amount: int,
                                    reference: str) -> None:
        if self.backend is None:
            raise TillError(COOPAY_UNAVAILABLE)
        self.session.payment_busy = True
        try:
            await self.backend.refund_coopay(
                payment_reference=reference, amount_ore=amount, purchase_id=sale_id,
                idempotency_key=f"refund-{sale_id}-{tender_id}",
            )
        except BackendProblem as problem:
            raise TillError(problem.text) from None
        except BackendUnavailable:
            raise TillError(COOPAY_UNAVAILABLE) from None
        finally:
            self.session.payment_busy = False

    def _refund_card_tender(self, tender_id: int, amount: int, reference: str) -> bool:
        terminal = self._terminal()
        request_id = uuid.uuid4().hex
        try:
            terminal.payment.refund(amount, request_id=request_id,
                                    original_transaction_id=reference or None)
        except Exception as exc:  # DeviceNotConnected, PaymentBusy
            raise TillError(T("terminal_cannot_refund_now", exc=exc)) from None
        self._tender_refund = (request_id, tender_id)
        self.session.payment_busy = True
        self.session.emit(PaymentProgress("card", T("refund_at_terminal"), "REFUND"))
        return True

    def _card_refund_result(self, outcome: str, amount_ore: int, reason: str | None) -> None:
        assert self._tender_refund is not None
        tender_id = self._tender_refund[1]
        self._tender_refund = None
        self.session.payment_busy = False
        sale = self.session.require_sale()
        self.session.journal.append(EventType.PAYMENT_TERMINAL_RESULT,
                                    {"kind": "refund", "outcome": outcome,
                                     "amount_ore": amount_ore, "tender_id": tender_id,
                                     "reason": reason or ""}, sale_id=sale.sale_id)
        if outcome == "approved":
            self._void_tender(tender_id, "refunded")
            return
        self.session.notice("error", T("refund_not_approved", outcome=outcome),
                            "refund_failed")
