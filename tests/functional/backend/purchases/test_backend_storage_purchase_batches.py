"""A batch is written set-based (one statement per table), yet answers exactly as if its
items came one by one: an offline queue holding a sale and its return, a key or a
purchase id twice, and a batch sent again. On SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from backend_stub.core.models import IdempotencyRecord
from backend_stub.purchases import service as purchases
from backend_stub.purchases.models import LedgerEntry, Purchase, PurchaseLine
from backend_stub.purchases.schemas import BatchItemIn, PurchaseIn
from backend_stub.seeding.demo import DEMO_STORE, PEOPLE
from backend_stub.seeding.sample_purchases import purchase_body, sample_lines

DEMO = {p.key: p for p in PEOPLE}


def _items(*pairs: tuple[str, dict]) -> list[BatchItemIn]:
    return [BatchItemIn(idempotency_key=key, purchase=PurchaseIn(**body)) for key, body in pairs]


def _count(backend, model) -> int:
    with backend.db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_queue_with_a_sale_and_its_return_is_one_batch(backend, till):
    card = {"card_number": DEMO["kari"].card_number}
    sale = purchase_body(DEMO_STORE, 2, lines=sample_lines(4), member=card)
    back = [{**line, "amount_ore": -line["amount_ore"], "quantity": -1} for line in sale["lines"]]
    back = [b for b in back if "weight_g" not in b][:1]
    ret = purchase_body(
        DEMO_STORE, 2, kind="return", lines=back, original_purchase_id=sale["purchase_id"]
    )
    results = purchases.ingest_batch(
        backend, till, _items((sale["purchase_id"], sale), (ret["purchase_id"], ret))
    )
    assert [r.problem_status for r in results] == [None, None]
    returned = results[1].body
    assert returned["member"]["reason"] == "original_purchase"
    assert returned["earned"]["dividend_ore"] < 0
    with backend.db.reading() as session:
        credits = session.scalar(select(func.sum(LedgerEntry.amount_ore)))
    sold, back_ = results[0].body["earned"], returned["earned"]
    expected = sum(e["dividend_ore"] + e["bonus_ore"] for e in (sold, back_))
    assert credits == expected


def test_a_key_or_a_purchase_id_twice_in_one_batch(backend, till):
    first = purchase_body(DEMO_STORE, 2, member={"card_number": DEMO["ola"].card_number})
    other = purchase_body(DEMO_STORE, 2)
    changed = {**first, "receipt_number": "X-1"}
    results = purchases.ingest_batch(
        backend,
        till,
        _items(("k1", first), ("k1", first), ("k2", first), ("k1", changed), ("k3", other)),
    )
    assert [(r.problem_status, r.replayed) for r in results] == [
        (None, False),
        (None, True),  # the same key and body: the first answer
        (409, False),  # the same purchase under another key
        (409, False),  # the same key, another body
        (None, False),
    ]
    assert results[1].body == results[0].body
    assert results[2].body["code"] == "purchase_id_conflict"
    assert results[3].body["code"] == "idempotency_key_reused"
    assert _count(backend, Purchase) == 2
    assert _count(backend, IdempotencyRecord) == 3  # k1, k2 (its refusal is its answer), k3


def test_a_batch_sent_again_is_replayed_whole_and_writes_nothing(backend, till):
    bodies = [
        purchase_body(DEMO_STORE, 2, lines=sample_lines(10), member=member)
        for member in (
            {"card_number": DEMO["kari"].card_number},
            None,
            {"uid": DEMO["kari"].nfc_uid},
        )
    ]
    items = _items(*((b["purchase_id"], b) for b in bodies))
    first = purchases.ingest_batch(backend, till, items)
    counts = [_count(backend, m) for m in (Purchase, PurchaseLine, LedgerEntry)]
    again = purchases.ingest_batch(backend, till, items)
    assert [r.body for r in again] == [r.body for r in first]
    assert all(r.replayed for r in again) and not any(r.replayed for r in first)
    assert [_count(backend, m) for m in (Purchase, PurchaseLine, LedgerEntry)] == counts
    assert counts[1] == 30


def _stored(backend, purchase_id: str) -> tuple:
    """What is stored for a purchase, without its keys (which differ by construction)."""
    with backend.db.reading() as session:
        chosen = select(Purchase).where(Purchase.purchase_id == purchase_id)
        purchase = session.scalars(chosen).one()
        lines = session.scalars(
            select(PurchaseLine).where(PurchaseLine.purchase_pk == purchase.id).order_by(
                PurchaseLine.line_no
            )
        ).all()
        ledger = session.scalars(
            select(LedgerEntry).where(LedgerEntry.purchase_pk == purchase.id).order_by(
                LedgerEntry.kind
            )
        ).all()

        def plain(row, *skip: str) -> dict:
            return {
                c.name: getattr(row, c.key)
                for c in row.__table__.columns
                if c.name not in ("id", "purchase_pk", *skip)
            }

        return (
            plain(purchase, "purchase_id"),
            [plain(line) for line in lines],
            [plain(entry) for entry in ledger],
        )


def test_a_large_batch_stores_what_single_purchases_store(backend, till):
    """On PostgreSQL a batch of COPY_FROM purchases or more goes in with COPY, smaller
    requests with INSERTs: the rows must be the same either way."""
    members = ({"card_number": DEMO["kari"].card_number}, None, {"uid": DEMO["kari"].nfc_uid})
    bodies = [
        purchase_body(DEMO_STORE, 2, lines=sample_lines(6), member=members[n % 3])
        for n in range(purchases.COPY_FROM)
    ]
    twins = [{**body, "purchase_id": str(uuid.uuid4())} for body in bodies]
    purchases.ingest_batch(backend, till, _items(*((b["purchase_id"], b) for b in bodies)))
    for twin in twins:
        purchases.ingest(backend, till, twin["purchase_id"], PurchaseIn(**twin))
    for body, twin in zip(bodies, twins, strict=True):
        assert _stored(backend, twin["purchase_id"]) == _stored(backend, body["purchase_id"])
