"""Purchase ingest, exactly once: record what the till sold and credit the member.

A purchase is never refused because of its member: an unknown or blocked card read
while offline still records the sale (the till must not lose it); it just earns
nothing, and the answer says why (`member.reason`). What *is* refused, with a typed
problem, is a purchase that does not add up, a return of something never sold (or
more than was sold), and a terminal speaking for another store.
"""

from __future__ import annotations

import time

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from backend_stub.context import Backend
from backend_stub.models import (
    BonusRule,
    CoopayPayment,
    LedgerEntry,
    Purchase,
    PurchaseLine,
    PurchaseTender,
    Store,
)
from backend_stub.problems import ApiProblem
from backend_stub.schemas.purchases import BatchItemIn, PurchaseIn
from backend_stub.services import earnings, idempotency, members
from backend_stub.services.terminals import TerminalIdentity

ENDPOINT = "purchases"
MAX_BATCH = 500


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


RULES_TTL_SECONDS = 10.0

_RATE = select(Store.dividend_rate_bp).where(Store.id == bindparam("store_id"))
_RULES = select(BonusRule.kind, BonusRule.match, BonusRule.rate_bp).where(
    BonusRule.active.is_(True),
    (BonusRule.store_id.is_(None)) | (BonusRule.store_id == bindparam("store_id")),
)


def _earning_rules(
    backend: Backend, session: Session, store_id: int
) -> tuple[int, list[earnings.BonusRule]]:
    """(kjøpeutbytte rate, bonus rules) for a store, read at most every 10 s.

    Rules change rarely (`pos-backend bonus add`, `stores --dividend-percent`) and are read
    for every purchase, so a running server picks up a change within RULES_TTL_SECONDS.
    """
    cache = backend.cache.setdefault("earning_rules", {})
    hit = cache.get(store_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1], hit[2]
    rate = session.scalar(_RATE, {"store_id": store_id})
    rate = backend.settings.dividend_rate_bp if rate is None else rate
    rules = [earnings.BonusRule(*row) for row in session.execute(_RULES, {"store_id": store_id})]
    cache[store_id] = (time.monotonic() + RULES_TTL_SECONDS, rate, rules)
    return rate, rules


def _payer(session: Session, body: PurchaseIn, store_id: int
           ) -> tuple[members.MemberView | None, str]:
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
    return (view, "coopay") if view is not None else (None, "anonymous")


def _resolve_member(session: Session, body: PurchaseIn, store_id: int
                    ) -> tuple[members.MemberView | None, str]:
    """Who bought: (view, how it was resolved) or (None, why not)."""
    ident = body.member
    if ident is None:
        return _payer(session, body, store_id)
    if ident.member_ref:
        view = members.view_by_ref(session, ident.member_ref)
        if view is None:
            return None, "member_unknown"
        problem = members.usable_problem(None, view)
        return (None, problem.code) if problem else (view, "member_ref")
    try:
        if ident.uid:
            found, how = members.find_card(session, uid=ident.uid), "uid"
        else:
            number = ident.card_number or members.card_number_from_barcode(ident.barcode or "")
            found, how = members.find_card(session, card_number=number), "card"
    except ApiProblem as problem:
        return None, "uid_invalid" if problem.code == "validation_failed" else problem.code
    if found is None:
        return None, members.unknown_card_problem(
            session, card_number=None if ident.uid else number, uid=ident.uid
        ).code
    card, view = found
    problem = members.usable_problem(card, view)
    return (None, problem.code) if problem else (view, how)


def _returns_so_far(session: Session, original: Purchase) -> tuple[int, int, int, int]:
    """(total, dividend, bonus, eligible) of earlier returns of `original` (all ≤ 0)."""
    row = session.execute(
        select(
            func.coalesce(func.sum(Purchase.total_ore), 0),
            func.coalesce(func.sum(Purchase.dividend_ore), 0),
            func.coalesce(func.sum(Purchase.bonus_ore), 0),
            func.coalesce(func.sum(Purchase.eligible_ore), 0),
        ).where(Purchase.original_id == original.id)
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _record(backend: Backend, session: Session, terminal: TerminalIdentity, body: PurchaseIn):
    purchase_id = str(body.purchase_id)
    if session.scalar(select(Purchase.id).where(Purchase.purchase_id == purchase_id)):
        raise ApiProblem("purchase_id_conflict", f"purchase {purchase_id} is already recorded")
    now = backend.now()
    lines = [
        earnings.Line(
            amount_ore=x.amount_ore,
            dividend_eligible=x.dividend_eligible,
            voided=x.voided,
            gtin=x.gtin,
            product_group=x.product_group,
        )
        for x in body.lines
    ]
    store_rate, rules = _earning_rules(backend, session, terminal.store_id)
    original = None
    if body.kind == "return":
        original = session.scalar(
            select(Purchase).where(Purchase.purchase_id == str(body.original_purchase_id))
        )
        if original is None or original.kind != "sale":
            raise ApiProblem("original_purchase_unknown", f"no sale {body.original_purchase_id}")
        total_back, dividend_back, bonus_back, eligible_back = _returns_so_far(session, original)
        if -(total_back + body.totals.total_ore) > original.total_ore:
            raise ApiProblem(
                "return_exceeds_original",
                f"returns would exceed the original's {original.total_ore} øre",
            )
        view = members.view_by_id(session, original.member_id) if original.member_id else None
        reason = "original_purchase" if view else "anonymous"
        rate = original.dividend_rate_bp
        earned = earnings.for_return(
            lines,
            rate,
            rules,
            dividend_left=original.dividend_ore + dividend_back,
            bonus_left=original.bonus_ore + bonus_back,
            eligible_left=original.eligible_ore + eligible_back,
        )
    else:
        view, reason = _resolve_member(session, body, terminal.store_id)
        rate = store_rate
        earned = earnings.for_sale(lines, rate, rules)
    credited = view is not None and not body.training
    if not credited:
        earned = earnings.Earned(earned.eligible_ore, 0, 0, tuple(0 for _ in lines))
    purchase_pk = session.execute(
        insert(Purchase.__table__).returning(Purchase.__table__.c.id),
        {
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
            "member_id": view.member.id if view else None,
            "membership_id": view.membership.id if view else None,
            "member_resolution": reason,
            "original_id": original.id if original else None,
            "total_ore": body.totals.total_ore,
            "eligible_ore": earned.eligible_ore,
            "dividend_rate_bp": rate,
            "bonus_ore": earned.bonus_ore,
            "dividend_ore": earned.dividend_ore,
        },
    ).scalar_one()
    session.execute(
        insert(PurchaseLine.__table__),
        [
            {
                "purchase_pk": purchase_pk,
                "line_no": x.line_no,
                "gtin": x.gtin,
                "plu": x.plu,
                "name": x.name,
                "product_group": x.product_group,
                "quantity": x.quantity,
                "weight_g": x.weight_g,
                "unit_price_ore": x.unit_price_ore,
                "amount_ore": x.amount_ore,
                "discount_ore": x.discount_ore,
                "vat_rate": x.vat_rate,
                "dividend_eligible": x.dividend_eligible,
                "voided": x.voided,
                "bonus_ore": bonus,
            }
            for x, bonus in zip(body.lines, earned.line_bonus, strict=True)
        ],
    )
    if body.tenders:
        session.execute(
            insert(PurchaseTender.__table__),
            [
                {
                    "purchase_pk": purchase_pk,
                    "kind": t.kind,
                    "amount_ore": t.amount_ore,
                    "reference": t.reference,
                }
                for t in body.tenders
            ],
        )
    if credited:
        entries = [
            {
                "membership_id": view.membership.id,
                "member_id": view.member.id,
                "purchase_pk": purchase_pk,
                "kind": kind,
                "amount_ore": amount,
                "created_at": now,
            }
            for kind, amount in (("bonus", earned.bonus_ore), ("dividend", earned.dividend_ore))
            if amount
        ]
        if entries:
            session.execute(insert(LedgerEntry.__table__), entries)
    if view is not None and body.member is not None and view.card is None:
        view.card = members.primary_card(session, view.member.id)
    return 201, {
        "purchase_id": purchase_id,
        "kind": body.kind,
        "status": "recorded",
        "received_at": now,
        "member": {
            "resolved": view is not None,
            "reason": reason,
            "member": view.summary() if view else None,
        },
        "earned": {
            "eligible_ore": earned.eligible_ore,
            "dividend_rate_bp": rate,
            "dividend_ore": earned.dividend_ore,
            "bonus_ore": earned.bonus_ore,
        },
        "account": view.account() if credited else None,
    }


def _prepare(terminal: TerminalIdentity, key: str | None, body: PurchaseIn) -> tuple[str, str]:
    key = idempotency.check_key(key)
    check_terminal(terminal, body.store, body.register)
    check_totals(body)
    return key, idempotency.fingerprint(ENDPOINT, body.model_dump(mode="json"))


def ingest(
    backend: Backend, terminal: TerminalIdentity, key: str | None, body: PurchaseIn
) -> idempotency.Outcome:
    key, request_hash = _prepare(terminal, key, body)
    return idempotency.run(
        backend,
        store_id=terminal.store_id,
        key=key,
        endpoint=ENDPOINT,
        request_hash=request_hash,
        handler=lambda session: _record(backend, session, terminal, body),
    )


def ingest_batch(
    backend: Backend, terminal: TerminalIdentity, items: list[BatchItemIn]
) -> list[dict]:
    """Each item exactly once with its own key and its own answer; one transaction."""
    if len(items) > MAX_BATCH:
        raise ApiProblem("batch_too_large", f"{len(items)} items", max_items=MAX_BATCH)
    results = []
    with backend.db.writing() as session:
        for item in items:
            try:
                key, request_hash = _prepare(terminal, item.idempotency_key, item.purchase)
                outcome = idempotency.run_in(
                    backend,
                    session,
                    store_id=terminal.store_id,
                    key=key,
                    endpoint=ENDPOINT,
                    request_hash=request_hash,
                    handler=lambda s, body=item.purchase: _record(backend, s, terminal, body),
                )
            except ApiProblem as problem:
                outcome = idempotency.Outcome(problem.status, problem.body(), replayed=False)
            results.append(
                {
                    "idempotency_key": item.idempotency_key,
                    "status": outcome.status,
                    "replayed": outcome.replayed,
                    "body": outcome.body,
                }
            )
    return results
