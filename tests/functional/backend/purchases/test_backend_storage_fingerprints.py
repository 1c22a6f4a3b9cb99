"""A request's fingerprint is now the model's own JSON (`model_fingerprint`); records
stored before, under the older canonical dump (`fingerprint`), must still replay, or
a till retrying across a backend upgrade would be refused its own purchase."""

from __future__ import annotations

import json

from sqlalchemy import update

from backend_stub.core import idempotency
from backend_stub.core.models import IdempotencyRecord
from backend_stub.purchases import service as purchases
from backend_stub.purchases.schemas import BatchItemIn, PurchaseIn
from backend_stub.seeding.sample_purchases import purchase_body


def _store_as_before(backend, key: str, body: PurchaseIn) -> None:
    legacy = idempotency.fingerprint("purchases", body.model_dump(mode="json"))
    with backend.db.writing() as session:
        session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.key == key)
            .values(request_hash=legacy)
        )


def test_a_purchase_recorded_under_the_old_fingerprint_is_replayed(backend, till):
    body = PurchaseIn(**purchase_body(till.store_id, till.register))
    key = str(body.purchase_id)
    first = purchases.ingest(backend, till, key, body)
    _store_as_before(backend, key, body)
    again = purchases.ingest(backend, till, key, body)
    (in_batch,) = purchases.ingest_batch(
        backend, till, [BatchItemIn(idempotency_key=key, purchase=body)]
    )
    assert not first.replayed and again.replayed and in_batch.replayed
    assert again.body == first.body == in_batch.body
    other = body.model_copy(update={"receipt_number": "other"})
    (refused,) = purchases.ingest_batch(
        backend, till, [BatchItemIn(idempotency_key=key, purchase=other)]
    )
    assert refused.problem_status == 409 and refused.body["code"] == "idempotency_key_reused"


def test_whitespace_and_key_order_do_not_change_the_fingerprint():
    body = purchase_body(1001, 1)
    reordered = dict(reversed(list(body.items())))
    spaced = json.dumps(reordered, indent=3, separators=(" , ", " : "))
    one = PurchaseIn(**body)
    two = PurchaseIn.model_validate_json(spaced)
    assert idempotency.model_fingerprint("purchases", one) == idempotency.model_fingerprint(
        "purchases", two
    )
    changed = one.model_copy(update={"receipt_number": "x"})
    assert idempotency.model_fingerprint("purchases", changed) != idempotency.model_fingerprint(
        "purchases", one
    )
