"""Exactly-once writes for tills: Stripe-style idempotency keys.

The till sends each write with its own key (for a purchase: the purchase's client
UUID). The first complete answer to (store, key) is stored in the same transaction
as the write itself, so either both exist or neither does. A retry with the same
body gets that stored answer back (`replayed`); the same key with a different body
is refused with 409. Typed refusals (a declined Coopay token, a purchase that does
not add up) are answers too and are replayed; an unexpected crash stores nothing,
so the retry runs again.

Concurrent duplicates: on SQLite write transactions are serial (BEGIN IMMEDIATE),
so the second sees the first's record. On PostgreSQL the second insert of the same
key waits on the unique index until the first commits, fails, rolls back its own
writes (the savepoint) and then reads the committed answer. Either way the write
happens once. Purchases do the same set-based, a batch at a time (`purchases`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from pydantic_core import to_jsonable_python
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend_stub.context import Backend
from backend_stub.models import IdempotencyRecord
from backend_stub.problems import ApiProblem

MAX_KEY_LENGTH = 255
Handler = Callable[[Session], tuple[int, dict]]


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict
    replayed: bool


def check_key(key: str | None) -> str:
    if key is None or key == "":
        raise ApiProblem("idempotency_key_missing", "send an Idempotency-Key header")
    if len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable() or " " in key:
        raise ApiProblem("idempotency_key_invalid", "1-255 visible ASCII characters, no spaces")
    return key


def fingerprint(endpoint: str, payload: dict) -> str:
    """A hash of what was asked: the parsed body, so whitespace and key order do not matter."""
    canonical = json.dumps(
        {"endpoint": endpoint, "body": to_jsonable_python(payload)},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_RECORDS = IdempotencyRecord.__table__
_FIND = select(
    _RECORDS.c.key,
    _RECORDS.c.endpoint,
    _RECORDS.c.request_hash,
    _RECORDS.c.status_code,
    _RECORDS.c.response_body,
).where(_RECORDS.c.store_id == bindparam("store_id"), _RECORDS.c.key == bindparam("key"))


_INSERT = insert(_RECORDS)


def _replay(record, endpoint: str, request_hash: str) -> Outcome:
    if record.endpoint != endpoint or record.request_hash != request_hash:
        raise ApiProblem(
            "idempotency_key_reused",
            f"key {record.key!r} was first used for a different request",
        )
    return Outcome(record.status_code, json.loads(record.response_body), replayed=True)


def run_in(
    backend: Backend,
    session: Session,
    *,
    store_id: int,
    key: str,
    endpoint: str,
    request_hash: str,
    handler: Handler,
) -> Outcome:
    """Run `handler` once per (store, key) inside the caller's transaction; the record is
    written once, with its answer, in the same savepoint as the handler's writes."""
    where = {"store_id": store_id, "key": key}
    existing = session.execute(_FIND, where).first()
    if existing is not None:
        return _replay(existing, endpoint, request_hash)
    try:
        with session.begin_nested():
            try:
                with session.begin_nested():
                    status, body = handler(session)
            except ApiProblem as problem:
                status, body = problem.status, problem.body()
            body = to_jsonable_python(body)
            session.execute(
                _INSERT,
                {
                    **where,
                    "endpoint": endpoint,
                    "request_hash": request_hash,
                    "status_code": status,
                    "response_body": json.dumps(body),
                    "created_at": backend.now(),
                },
            )
    except IntegrityError:  # PostgreSQL: a concurrent request with this key committed first
        existing = session.execute(_FIND, where).first()
        if existing is None:  # the other request failed and rolled back: let the till retry
            raise
        return _replay(existing, endpoint, request_hash)
    return Outcome(status, body, replayed=False)


def run(
    backend: Backend,
    *,
    store_id: int,
    key: str,
    endpoint: str,
    request_hash: str,
    handler: Handler,
) -> Outcome:
    """`run_in` in a transaction of its own."""
    with backend.db.writing() as session:
        return run_in(
            backend,
            session,
            store_id=store_id,
            key=key,
            endpoint=endpoint,
            request_hash=request_hash,
            handler=handler,
        )
