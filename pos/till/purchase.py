"""The purchase body the outbox sends to `POST /terminal/v1/purchases` (docs/api.md).

Built once, when the sale completes, inside the same commit as the signed cash
transaction; the outbox then sends exactly this body, however often it must
retry, so a retried purchase can never differ from the first attempt.

Amounts are integer øre. A line's `amount_ore` is what it costs after member
prices and offers; the live lines add up to `totals.total_ore`; the tenders add
up to `total_ore + rounding_ore` (cash rounding). Voided lines are sent marked,
as the journal keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pos.domain.dividend import earns_dividend
from pos.domain.lines import SaleLine
from pos.domain.sale import Sale
from pos.domain.tender import TenderKind


def member_identification(member_ref: str | None, card: Mapping[str, str] | None
                          ) -> dict[str, str] | None:
    """`{"member_ref": …}` for a looked-up member, else what the reader gave while offline."""
    if card:
        return dict(card)
    return {"member_ref": member_ref} if member_ref else None


def _line(sale: Sale, line: SaleLine) -> dict[str, Any]:
    total = sale.totals.line(line.line_id)
    product = line.product
    body: dict[str, Any] = {
        "line_no": line.line_id,
        "name": line.description[:120] or "?",
        "product_group": line.group[:32],
        "unit_price_ore": line.unit_price_ore,
        "amount_ore": total.net_ore if total else line.amount_ore,
        "discount_ore": (
            max(0, total.member_discount_ore + total.offer_discount_ore) if total else 0
        ),
        "vat_rate": line.vat_rate,
        "dividend_eligible": earns_dividend(line, sale.settings),
        "voided": line.voided,
    }
    if product is not None and product.gtin.isdigit() and 8 <= len(product.gtin) <= 14:
        body["gtin"] = product.gtin
    if product is not None and product.plu:
        body["plu"] = product.plu
    if line.weight_g is not None:
        body["weight_g"] = line.weight_g
    else:
        body["quantity"] = line.quantity
    return body


def _tender_amount(kind: TenderKind, applied: int, rounding: int) -> int:
    return applied + rounding if kind is TenderKind.CASH else applied


def purchase_body(
    sale: Sale,
    *,
    store: str,
    register: str,
    receipt_number: int,
    completed_at: datetime,
    member: Mapping[str, str] | None,
) -> dict[str, Any]:
    """The JSON-ready purchase for `sale` (its `sale_id` is the purchase id and idempotency key)."""
    tenders = [
        {
            "kind": str(t.kind),
            "amount_ore": _tender_amount(t.kind, t.applied_ore, t.rounding_ore),
            **({"reference": t.reference} if t.reference else {}),
        }
        for t in sale.tenders
        if not t.voided
    ]
    body: dict[str, Any] = {
        "purchase_id": sale.sale_id,
        "kind": "sale",
        "store": int(store),
        "register": int(register),
        "receipt_number": str(receipt_number),
        "started_at": sale.opened_at.isoformat(),
        "completed_at": completed_at.isoformat(),
        "training": sale.training,
        "lines": [_line(sale, line) for line in sale.lines],
        "tenders": tenders,
        "totals": {"total_ore": sale.totals.total_ore, "rounding_ore": sale.rounding_ore},
    }
    if member:
        body["member"] = dict(member)
    return body
