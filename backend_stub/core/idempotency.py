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

from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend_stub.core.context import Backend
from backend_stub.core.models import IdempotencyRecord
from backend_stub.core.problems import ApiProblem

MAX_KEY_LENGTH = 255
Handler = Callable[[Session], dict]
"""Does the write and returns its answer, or raises a typed problem (also an answer)."""

STORED_SUCCESS = 201
"""How a success is kept in `idempotency_records.status_code` (every idempotent write
creates something). Only this module reads the column: routes choose what they answer."""


@dataclass(frozen=True)
class Outcome:
    """A write's answer: its body, whether it was replayed from an earlier request, and,
    for a refusal (a problem document), the problem's status."""

    body: dict
    replayed: bool
    problem_status: int | None = None
    body_json: str | None = None
    """The body as JSON text when it exists already (as stored): sent as it is."""

    @classmethod
    def refused(cls, problem: ApiProblem) -> Outcome:
        return cls(problem.body(), replayed=False, problem_status=problem.status)

    @classmethod
    def stored(cls, status_code: int, body: dict, body_json: str | None = None) -> Outcome:
        """The answer kept for an earlier request with the same key and body."""
        status = None if status_code < 400 else status_code
        return cls(body, replayed=True, problem_status=status, body_json=body_json)

    def json_text(self) -> str:
        return self.body_json if self.body_json is not None else json.dumps(self.body)

    @property
    def stored_status(self) -> int:
        return STORED_SUCCESS if self.problem_status is None else self.problem_status


def check_key(key: str | None) -> str:
    if key is None or key == "":
        raise ApiProblem("idempotency_key_missing", "send an Idempotency-Key header")
    if len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable() or " " in key:
        raise ApiProblem("idempotency_key_invalid", "1-255 visible ASCII characters, no spaces")
    return key


def model_fingerprint(endpoint: str, body: BaseModel) -> str:
    """A hash of what was asked: the parsed body as the model writes it (fields in the
    schema's order, values in their canonical form), so whitespace and key order do not
    matter. About five times cheaper than `fingerprint`, which ingest used before;
    records stored with that one still match (`matches`)."""
    return hashlib.sha256(f"{endpoint}\n{body.model_dump_json()}".encode()).hexdigest()


def matches(stored_hash: str, request_hash: str, endpoint: str, body: BaseModel) -> bool:
    """Is a stored request hash this request's, by `model_fingerprint` or, for a record
    written before it, by `fingerprint`?"""
    return stored_hash == request_hash or stored_hash == fingerprint(
        endpoint, body.model_dump(mode="json")
    )


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


def key_reused(key: str) -> ApiProblem:
    """The refusal of a key sent again with another request (409)."""
    return ApiProblem(
        "idempotency_key_reused", f"key {key!r} was first used for a different request"
    )


def _replay(record, endpoint: str, request_hash: str) -> Outcome:
    if record.endpoint != endpoint or record.request_hash != request_hash:
        raise key_reused(record.key)
    return Outcome.stored(record.status_code, json.loads(record.response_body))


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
                    outcome = Outcome(handler(session), replayed=False)
            except ApiProblem as problem:
                outcome = Outcome.refused(problem)
            body = to_jsonable_python(outcome.body)
            session.execute(
                _INSERT,
                {
                    **where,
                    "endpoint": endpoint,
                    "request_hash": request_hash,
                    "status_code": outcome.stored_status,
                    "response_body": json.dumps(body),
                    "created_at": backend.now(),
                },
            )
    except IntegrityError:  # PostgreSQL: a concurrent request with this key committed first
        existing = session.execute(_FIND, where).first()
        if existing is None:  # the other request failed and rolled back: let the till retry
            raise
        return _replay(existing, endpoint, request_hash)
    return Outcome(body, replayed=False, problem_status=outcome.problem_status)


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
