"""The rules of one purchase: is it acceptable, who bought, what was earned, what is stored.

A purchase is never refused because of its member: an unknown or blocked card read
while offline still records the sale (the till must not lose it); it just earns
nothing, and the answer says why (`member.reason`). What *is* refused, with a typed
problem, is a purchase that does not add up, a return of something never sold (or
more than was sold), and a terminal speaking for another store.

`evaluate` decides and returns the rows to write and the answer; it writes nothing,
so `purchases` can write many purchases' rows with one statement per table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from backend_stub.coopay.models import CoopayPayment
from backend_stub.core.context import Backend
from backend_stub.core.problems import ApiProblem
from backend_stub.members import service as members
from backend_stub.members.lookup import CardHolder, holder_of, problem_of
from backend_stub.purchases import earnings
from backend_stub.purchases.models import Purchase
from backend_stub.purchases.schemas import PurchaseIn
from backend_stub.terminals.models import BonusRule, Store
from backend_stub.terminals.service import TerminalIdentity
from pos.formats.member_card import DEFAULT_FORMAT, MemberCardError

RULES_TTL_SECONDS = 10.0


def check_terminal(terminal: TerminalIdentity, store: int, register: int | None = None) -> None:
    if store != terminal.store_id or (register is not None and register != terminal.register):
        raise ApiProblem(
            "store_mismatch",
            f"this key belongs to store {terminal.store_id} register {terminal.register}",
        )


def check_totals(body: PurchaseIn) -> None:
    lines = sum(line.amount_ore for line in body.lines if not line.voided)
    if lines != body.totals.total_ore:
        raise ApiProblem(
            "totals_mismatch",
            f"non-voided lines add up to {lines} øre, totals.total_ore is {body.totals.total_ore}",
        )
    due = body.totals.total_ore + body.totals.rounding_ore
    paid = sum(t.amount_ore for t in body.tenders)
    if paid != due:
        raise ApiProblem(
            "totals_mismatch", f"tenders add up to {paid} øre, total plus rounding is {due}"
        )


_RATE = select(Store.dividend_rate_bp).where(Store.id == bindparam("store_id"))
_RULES = select(BonusRule.kind, BonusRule.match, BonusRule.rate_bp).where(
    BonusRule.active.is_(True),
    (BonusRule.store_id.is_(None)) | (BonusRule.store_id == bindparam("store_id")),
)


def earning_rules(
    backend: Backend, session: Session, store_id: int
) -> tuple[int, earnings.BonusRules]:
    """(kjøpeutbytte rate, bonus rules) for a store, read at most every 10 s per worker.

    Rules change rarely (`pos-backend bonus add`, `stores --dividend-percent`) and are read
    for every purchase, so every worker picks up a change within RULES_TTL_SECONDS.
    """
    cache = backend.cache.setdefault("earning_rules", {})
    hit = cache.get(store_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1], hit[2]
    rate = session.scalar(_RATE, {"store_id": store_id})
    rate = backend.settings.dividend_rate_bp if rate is None else rate
    rows = session.execute(_RULES, {"store_id": store_id})
    rules = earnings.BonusRules(earnings.BonusRule(*row) for row in rows)
    cache[store_id] = (time.monotonic() + RULES_TTL_SECONDS, rate, rules)
    return rate, rules


def _holder(view: members.MemberView) -> CardHolder:
    return CardHolder(view.member.id, view.membership.id, view.summary(), view.account())


def card_number_of(body: PurchaseIn) -> str | None:
    """The card number a purchase names (typed or scanned), if it names one."""
    ident = body.member
    if ident is None or ident.member_ref or ident.uid:
        return None
    return ident.card_number or members.card_number_from_barcode(ident.barcode or "")


def _payer(session: Session, body: PurchaseIn, store_id: int
           ) -> tuple[CardHolder | None, str]:
    """The member a Coopay payment names, if this purchase may be credited by it.

    A payment reference credits only the purchase it was authorised for (its
    `purchase_id`), in the store that authorised it, for at most what it paid
    (less refunds). Anything else is recorded but earns nothing, and says why:
    a reference must not turn into dividend for purchases it did not pay.
    """
    reference = next((t.reference for t in body.tenders if t.kind == "coopay"), None)
    if not reference:
        return None, "anonymous"
    payment = session.scalar(select(CoopayPayment).where(CoopayPayment.reference == reference))
    if payment is None:
        return None, "coopay_reference_unknown"
    if payment.purchase_id != str(body.purchase_id):
        return None, "coopay_reference_other_purchase"
    if payment.store_id != store_id:
        return None, "coopay_reference_other_store"
    cited = sum(t.amount_ore for t in body.tenders
                if t.kind == "coopay" and t.reference == reference)
    if cited > payment.amount_ore - payment.refunded_ore:
        return None, "coopay_amount_exceeds_payment"
    view = members.view_by_id(session, payment.member_id) if payment.member_id else None
    return (_holder(view), "coopay") if view is not None else (None, "anonymous")


def resolve_member(
    session: Session, body: PurchaseIn, cards: dict[str, object], store_id: int
) -> tuple[CardHolder | None, str]:
    """Who bought: (holder, how it was resolved) or (None, why not). `cards` holds the
    rows of the card numbers of the whole batch, read in one query."""
    ident = body.member
    if ident is None:
        return _payer(session, body, store_id)
    if ident.member_ref:
        view = members.view_by_ref(session, ident.member_ref)
        if view is None:
            return None, "member_unknown"
        problem = members.usable_problem(None, view)
        if problem:
            return None, problem.code
        view.card = members.primary_card(session, view.member.id)
        return _holder(view), "member_ref"
    if ident.uid:
        try:
            found = members.find_card(session, uid=ident.uid)
        except ApiProblem as problem:
            return None, "uid_invalid" if problem.code == "validation_failed" else problem.code
        if found is None:
            return None, members.unknown_card_problem(session, uid=ident.uid).code
        problem = members.usable_problem(*found)
        return (None, problem.code) if problem else (_holder(found[1]), "uid")
    number = card_number_of(body)
    try:
        DEFAULT_FORMAT.validate(number)
    except MemberCardError:
        return None, "card_number_invalid"
    row = cards.get(number)
    if row is None:
        return None, members.unknown_card_problem(session, card_number=number).code
    problem = problem_of(row)
    return (None, problem.code) if problem else (holder_of(row), "card")


LINE_COLUMNS = (
    "line_no", "gtin", "plu", "name", "product_group", "quantity", "weight_g",
    "unit_price_ore", "amount_ore", "discount_ore", "vat_rate", "dividend_eligible",
    "voided", "bonus_ore",
)  # fmt: skip
"""A purchase line's columns as `Evaluated.lines` holds them (the key comes on writing)."""
_LINE_FIELDS = attrgetter(*LINE_COLUMNS[:-1])  # all but the bonus, straight from a LineIn


@dataclass
class Evaluated:
    """One purchase decided: its rows (without the purchase's key) and its answer."""

    purchase: dict
    lines: list[tuple]  # in LINE_COLUMNS order
    tenders: list[dict]
    ledger: list[dict]
    answer: dict = field(default_factory=dict)


def _return_of(
    session: Session, body: PurchaseIn, lines: list[earnings.LineLike], rules
) -> tuple[Purchase, CardHolder | None, str, int, earnings.Earned]:
    original = session.scalar(
        select(Purchase).where(Purchase.purchase_id == str(body.original_purchase_id))
    )
    if original is None or original.kind != "sale":
        raise ApiProblem("original_purchase_unknown", f"no sale {body.original_purchase_id}")
    back = session.execute(
        select(
            func.coalesce(func.sum(Purchase.total_ore), 0),
            func.coalesce(func.sum(Purchase.dividend_ore), 0),
            func.coalesce(func.sum(Purchase.bonus_ore), 0),
            func.coalesce(func.sum(Purchase.eligible_ore), 0),
        ).where(Purchase.original_id == original.id)
    ).one()
    total_back, dividend_back, bonus_back, eligible_back = (int(x) for x in back)
    if -(total_back + body.totals.total_ore) > original.total_ore:
        raise ApiProblem(
            "return_exceeds_original",
            f"returns would exceed the original's {original.total_ore} øre",
        )
    view = members.view_by_id(session, original.member_id) if original.member_id else None
    if view is not None and body.member is not None:
        view.card = members.primary_card(session, view.member.id)
    earned = earnings.for_return(
        lines,
        original.dividend_rate_bp,
        rules,
        dividend_left=original.dividend_ore + dividend_back,
        bonus_left=original.bonus_ore + bonus_back,
        eligible_left=original.eligible_ore + eligible_back,
    )
    holder = _holder(view) if view else None
    reason = "original_purchase" if view else "anonymous"
    return original, holder, reason, original.dividend_rate_bp, earned


def evaluate(
    backend: Backend,
    session: Session,
    terminal: TerminalIdentity,
    body: PurchaseIn,
    now: datetime,
    cards: dict[str, object],
) -> Evaluated:
    """Decide one purchase (raises the typed problems of a return)."""
    lines = body.lines  # what earnings reads of a line, LineIn has (`earnings.LineLike`)
    store_rate, rules = earning_rules(backend, session, terminal.store_id)
    original = None
    if body.kind == "return":
        original, holder, reason, rate, earned = _return_of(session, body, lines, rules)
    else:
        holder, reason = resolve_member(session, body, cards, terminal.store_id)
        rate = store_rate
        earned = earnings.for_sale(lines, rate, rules)
    credited = holder is not None and not body.training
    if not credited:
        earned = earnings.Earned(earned.eligible_ore, 0, 0, tuple(0 for _ in lines))
    purchase_id = str(body.purchase_id)
    purchase = {
        "purchase_id": purchase_id,
        "kind": body.kind,
        "store_id": terminal.store_id,
        "register": terminal.register,
        "terminal_id": terminal.id,
        "receipt_number": body.receipt_number,
        "started_at": body.started_at,
        "completed_at": body.completed_at,
        "received_at": now,
        "training": body.training,
        "member_id": holder.member_id if holder else None,
        "membership_id": holder.membership_id if holder else None,
        "member_resolution": reason,
        "original_id": original.id if original else None,
        "total_ore": body.totals.total_ore,
        "eligible_ore": earned.eligible_ore,
        "dividend_rate_bp": rate,
        "bonus_ore": earned.bonus_ore,
        "dividend_ore": earned.dividend_ore,
    }
    line_rows = [
        (*_LINE_FIELDS(x), bonus) for x, bonus in zip(body.lines, earned.line_bonus, strict=True)
    ]
    tenders = [
        {"kind": t.kind, "amount_ore": t.amount_ore, "reference": t.reference} for t in body.tenders
    ]
    ledger = []
    if credited:
        ledger = [
            {
                "membership_id": holder.membership_id,
                "member_id": holder.member_id,
                "kind": kind,
                "amount_ore": amount,
                "created_at": now,
            }
            for kind, amount in (("bonus", earned.bonus_ore), ("dividend", earned.dividend_ore))
            if amount
        ]
    answer = {
        "purchase_id": purchase_id,
        "kind": body.kind,
        "status": "recorded",
        "received_at": now,
        "member": {
            "resolved": holder is not None,
            "reason": reason,
            "member": holder.summary if holder else None,
        },
        "earned": {
            "eligible_ore": earned.eligible_ore,
            "dividend_rate_bp": rate,
            "dividend_ore": earned.dividend_ore,
            "bonus_ore": earned.bonus_ore,
        },
        "account": holder.account if credited else None,
    }
    return Evaluated(purchase, line_rows, tenders, ledger, answer)
