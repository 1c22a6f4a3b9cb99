"""Returns: goods from an earlier receipt back, partly or whole, refunded to the original tender.

A return is its own signed cash transaction (kind `return`, negative amounts,
SAF-T RETURNSAL) that names the original receipt. It is written in **one
commit**: `sale.started` (with `return_of`), one `sale.line_added` per returned
line (`return_line`), one `sale.tender_added` per refund (`refund`) and the
signed `sale.completed`. So a return is never left half-open by a crash, and
the till's replay of open sales never meets one.

Why amounts are taken from the original receipt and not the catalog: the
shopper gets back what they paid (after member prices and offers), never
today's price. What was already returned is subtracted, so an item cannot be
returned twice; returning the last units of a line refunds exactly what is left
of it, so a whole return adds up to the øre.

Refunds go back the way the money came (card → card, Coopay → Coopay, cash
last); the caller does the actual refund (the backend's Coopay refund, the
terminal) and passes the references it got.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pos.compliance.ledger import (
    REFUND,
    RETURN_LINE,
    RETURN_OF,
    Ledger,
    LedgerLine,
    LedgerTransaction,
)
from pos.compliance.texts import T
from pos.domain.texts import DomainError
from pos.domain.vat import sum_by_rate, vat_included
from pos.journal import Entry, EventType, Journal, TransactionKind

RECEIPT_CODE = re.compile(r"^(?:KV(?P<register>[0-9A-Za-z]+)-)?(?P<nr>[0-9]{1,9})$")
REFUND_ORDER = ("coopay", "card", "cash")


class ReturnRefused(DomainError):
    """The return cannot be made (unknown receipt, nothing left to return, bad quantity)."""

    code = "return_refused"


def receipt_code(register_id: str, nr: int) -> str:
    """What a receipt's barcode carries (Code 128): `KV<register>-<receipt number>`."""
    return f"KV{register_id}-{nr}"


def parse_receipt_reference(text: str, register_id: str) -> int:
    """The receipt number from a scanned receipt barcode or a typed number."""
    match = RECEIPT_CODE.match(text.strip())
    if match is None:
        raise ReturnRefused(T("not_receipt_number", text=text))
    if match["register"] is not None and match["register"] != register_id:
        raise ReturnRefused(T("receipt_register_return_there", register=match['register']))
    return int(match["nr"])


@dataclass(frozen=True)
class ReturnableLine:
    line: LedgerLine
    quantity_left: int
    amount_left: int


@dataclass(frozen=True)
class ReturnPlan:
    original: LedgerTransaction
    lines: tuple[tuple[LedgerLine, int, int], ...]
    """(original line, quantity returned, amount refunded incl. VAT, positive)."""
    refunds: tuple[tuple[str, int, str], ...]
    """(tender kind, amount, the original payment's reference)."""

    @property
    def total_ore(self) -> int:
        return sum(amount for _, _, amount in self.lines)


def returnable_lines(ledger: Ledger, nr: int) -> list[ReturnableLine]:
    """What is still returnable from receipt `nr` (after earlier returns)."""
    original = _original(ledger, nr)
    returned_qty: dict[int, int] = {}
    returned_amount: dict[int, int] = {}
    for tx in ledger.transactions:
        if tx.return_of == nr:
            for line in tx.lines:
                key = line.original_line_id or 0
                returned_qty[key] = returned_qty.get(key, 0) + line.quantity
                returned_amount[key] = returned_amount.get(key, 0) - line.amount_in
    out = []
    for line in original.lines:
        if line.voided or line.amount_in <= 0:
            continue  # voided lines were not sold; deposit slips were paid out, not sold
        qty_left = line.quantity - returned_qty.get(line.line_id, 0)
        if qty_left > 0:
            out.append(ReturnableLine(line, qty_left,
                                      line.amount_in - returned_amount.get(line.line_id, 0)))
    return out


def plan_return(ledger: Ledger, nr: int, quantities: Mapping[int, int] | None = None
                ) -> ReturnPlan:
    """Which lines, how many and how much; `quantities` {line id: n}, None for all that is left."""
    original = _original(ledger, nr)
    left = {r.line.line_id: r for r in returnable_lines(ledger, nr)}
    wanted = dict(quantities) if quantities is not None else {
        line_id: r.quantity_left for line_id, r in left.items()}
    chosen = []
    for line_id, qty in sorted(wanted.items()):
        item = left.get(line_id)
        if item is None:
            raise ReturnRefused(T("line_cannot_returned_returned_already", line_id=line_id))
        if not 1 <= qty <= item.quantity_left:
            raise ReturnRefused(T("line_1_can_returned", line_id=line_id,
                                  quantity_left=item.quantity_left))
        amount = (item.amount_left if qty == item.quantity_left
                  else item.line.amount_in * qty // item.line.quantity)
        chosen.append((item.line, qty, amount))
    if not chosen:
        raise ReturnRefused(T("nothing_left_return_receipt", nr=nr))
    total = sum(amount for _, _, amount in chosen)
    return ReturnPlan(original, tuple(chosen), _refunds(ledger, original, total))


def _refunds(ledger: Ledger, original: LedgerTransaction, total: int
             ) -> tuple[tuple[str, int, str], ...]:
    """Spread `total` over the original payments, minus what earlier returns refunded."""
    refunded: dict[tuple[str, str], int] = {}
    for tx in ledger.transactions:
        if tx.return_of == original.nr:
            for p in tx.payments:
                refunded[(p.kind, p.reference)] = refunded.get((p.kind, p.reference), 0) - \
                    p.amount_ore
    out = []
    left = total
    ordered = sorted(original.payments, key=lambda p: REFUND_ORDER.index(p.kind)
                     if p.kind in REFUND_ORDER else len(REFUND_ORDER))
    for payment in ordered:
        if left <= 0:
            break
        room = payment.amount_ore - refunded.get((payment.kind, payment.reference), 0)
        amount = min(left, room)
        if amount > 0:
            out.append((payment.kind, amount, payment.reference))
            left -= amount
    if left > 0:  # e.g. a sale paid with deposit slips: the rest goes back in cash
        out.append(("cash", left, ""))
    return tuple(out)


def record_return(journal: Journal, plan: ReturnPlan,
                  references: Mapping[str, str] | None = None, *,
                  sale_id: str | None = None) -> Entry:
    """Write the return as one commit; returns the signed `sale.completed` (its nr).

    `sale_id` is the return's own id (the backend's idempotency key), chosen by the
    caller when a refund (Coopay) had to name it before the return was recorded.
    """
    references = references or {}
    total = plan.total_ore
    by_rate = sum_by_rate((line.vat_rate, amount) for line, _, amount in plan.lines)
    gross_ex = sum(gross - vat_included(gross, rate) for rate, gross in by_rate.items())
    original = {"nr": plan.original.nr, "sale_id": plan.original.sale_id}
    with journal.atomic():
        started = journal.start_sale({RETURN_OF: original}, sale_id=sale_id)
        sale_id = started.sale_id
        assert sale_id is not None
        for new_id, (line, qty, amount) in enumerate(plan.lines, start=1):
            journal.append(EventType.LINE_ADDED, {RETURN_LINE: {
                "line_id": new_id, "original_line_id": line.line_id, "kind": line.kind,
                "description": line.description, "group": line.group, "art_id": line.art_id,
                "vat_rate": line.vat_rate, "quantity": qty, "weight_g": line.weight_g,
                "amount_ore": amount, "dividend_eligible": line.dividend_eligible,
            }}, sale_id=sale_id)
        for kind, amount, reference in plan.refunds:
            journal.append(EventType.TENDER_ADDED, {REFUND: {
                "kind": kind, "amount_ore": amount,
                "reference": references.get(kind, reference),
            }}, sale_id=sale_id)
        return journal.complete_sale(
            sale_id, amount_in=-total, amount_ex=-gross_ex, kind=TransactionKind.RETURN,
            payload={RETURN_OF: original, "total_ore": -total},
        )


def _original(ledger: Ledger, nr: int) -> LedgerTransaction:
    tx = ledger.by_nr(nr)
    if tx is None or tx.kind is not TransactionKind.SALE:
        raise ReturnRefused(T("receipt_not_a_sale" if tx is not None else "receipt_unknown",
                              nr=nr))
    return tx


def with_cash_refund(plan: ReturnPlan) -> ReturnPlan:
    """The same return, all refunded in cash (when the original tender cannot take it now)."""
    return replace(plan, refunds=(("cash", plan.total_ore, ""),))


def return_purchase_body(plan: ReturnPlan, *, sale_id: str, receipt_number: int, store: str,
                         register: str, completed_at: datetime, training: bool,
                         refunds: Sequence[tuple[str, int, str]]) -> dict[str, Any]:
    """The backend's `kind: return` purchase: negative lines, reversing the original's bonus."""
    lines = []
    for line_no, (line, qty, amount) in enumerate(plan.lines, start=1):
        body: dict[str, Any] = {
            "line_no": line_no, "name": line.description[:120] or "?",
            "product_group": line.group[:32],
            "unit_price_ore": amount // qty if line.weight_g is None else amount,
            "amount_ore": -amount, "vat_rate": line.vat_rate,
            "dividend_eligible": line.dividend_eligible,
        }
        code = line.art_id
        if code.isdigit():
            body["gtin" if len(code) >= 8 else "plu"] = code
        if line.weight_g is not None:
            body["weight_g"] = -line.weight_g
        else:
            body["quantity"] = -qty
        lines.append(body)
    return {
        "purchase_id": sale_id, "kind": "return",
        "original_purchase_id": plan.original.sale_id,
        "store": int(store), "register": int(register),
        "receipt_number": str(receipt_number), "completed_at": completed_at.isoformat(),
        "training": training, "lines": lines,
        "tenders": [{"kind": kind, "amount_ore": -amount, **({"reference": ref} if ref else {})}
                    for kind, amount, ref in refunds],
        "totals": {"total_ore": -plan.total_ore, "rounding_ore": 0},
    }
