"""Purchase ingest, exactly once, for one purchase or a batch: set-based, one transaction.

Why set-based: tills send purchases by the thousand a minute, and after an outage
each drains its queue in batches. So a request costs a fixed handful of statements,
not a dozen per purchase: the batch's idempotency keys, purchase ids and card numbers
are each looked up with one query; the rules of each purchase are decided in memory
(`purchase_rules`); then the rows of all its purchases are written with one
executemany per table, the idempotency record once, with its answer. Statements are
built once, at import.

The guarantees: the same key with the same body gets the stored answer back
(`replayed`); the same key with another body is refused (409); the same purchase id
under another key is `purchase_id_conflict`; one ledger credit per purchase; in a
batch, an item's refusal answers that item only. Refusals of the request itself
(no or bad key, another store's till, totals that do not add up) are not stored.

Concurrency: on SQLite a request is the only writer (the in-process writer lock and
BEGIN IMMEDIATE), so nothing can slip in between the look-ups and the writes. On
PostgreSQL a concurrent request with the same key or purchase id makes our insert
fail on the unique index once the other commits; the whole request then runs again,
in a new transaction, and finds the other's answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic_core import to_json, to_jsonable_python
from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend_stub.core import idempotency
from backend_stub.core.context import Backend
from backend_stub.core.driver_insert import DriverInsert
from backend_stub.core.models import IdempotencyRecord
from backend_stub.core.problems import ApiProblem
from backend_stub.members import lookup as member_lookup
from backend_stub.purchases import pg_copy as purchase_copy
from backend_stub.purchases import rules as purchase_rules
from backend_stub.purchases.models import LedgerEntry, Purchase, PurchaseLine, PurchaseTender
from backend_stub.purchases.rules import check_terminal, check_totals
from backend_stub.purchases.schemas import BatchItemIn, PurchaseIn
from backend_stub.terminals.service import TerminalIdentity

ENDPOINT = "purchases"
MAX_BATCH = 500
ATTEMPTS = 3

_PURCHASES = Purchase.__table__
_RECORDS = IdempotencyRecord.__table__
_PURCHASE_COLUMNS = tuple(c.name for c in _PURCHASES.columns)  # with `id`, given here
_LINE_COLUMNS = ("purchase_pk", *purchase_rules.LINE_COLUMNS)
_INSERT_PURCHASES = DriverInsert(_PURCHASES, _PURCHASE_COLUMNS)
_INSERT_LINES = DriverInsert(PurchaseLine.__table__, _LINE_COLUMNS)
_INSERT_TENDERS = DriverInsert(
    PurchaseTender.__table__, ("purchase_pk", "kind", "amount_ore", "reference")
)
_INSERT_LEDGER = DriverInsert(
    LedgerEntry.__table__,
    ("purchase_pk", "membership_id", "member_id", "kind", "amount_ore", "created_at"),
)
_INSERT_RECORDS = DriverInsert(
    _RECORDS,
    ("store_id", "key", "endpoint", "request_hash", "status_code", "response_body", "created_at"),
)
_LAST_PURCHASE_PK = select(func.coalesce(func.max(_PURCHASES.c.id), 0))
_KNOWN_RECORDS = select(
    _RECORDS.c.key,
    _RECORDS.c.endpoint,
    _RECORDS.c.request_hash,
    _RECORDS.c.status_code,
    _RECORDS.c.response_body,
).where(
    _RECORDS.c.store_id == bindparam("store_id"),
    _RECORDS.c.key.in_(bindparam("keys", expanding=True)),
)
_KNOWN_PURCHASES = select(_PURCHASES.c.purchase_id).where(
    _PURCHASES.c.purchase_id.in_(bindparam("ids", expanding=True))
)


@dataclass
class _Item:
    """One purchase of a request, with its key and fingerprint, or why it was refused."""

    body: PurchaseIn
    key: str = ""
    request_hash: str = ""
    refused: ApiProblem | None = None


def _item(terminal: TerminalIdentity, key: str | None, body: PurchaseIn) -> _Item:
    try:
        key = idempotency.check_key(key)
        check_terminal(terminal, body.store, body.register)
        check_totals(body)
    except ApiProblem as problem:
        return _Item(body, refused=problem)
    return _Item(body, key, idempotency.model_fingerprint(ENDPOINT, body))


@dataclass
class _Writes:
    """Rows decided but not yet written: one executemany of plain tuples per table
    (`DriverInsert`), or on PostgreSQL for COPY_FROM purchases or more one COPY per table
    (`purchase_copy`)."""

    decided: list[purchase_rules.Evaluated] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)

    def flush(self, connection: Connection) -> None:
        count = len(self.decided)
        if connection.dialect.name != "postgresql":
            self._insert(connection, _next_sqlite_ids(connection, count) if count else [])
        elif count >= COPY_FROM:
            purchase_copy.write(connection, self.decided, self.records)
        else:
            self._insert(connection, purchase_copy.next_ids(connection, count) if count else [])
        self.decided, self.records = [], []

    def _insert(self, connection: Connection, pks: list[int]) -> None:
        purchases, lines, tenders, ledger = [], [], [], []
        for pk, decided in zip(pks, self.decided, strict=True):
            purchases.append({**decided.purchase, "id": pk})
            lines += [(pk, *row) for row in decided.lines]
            tenders += [{**row, "purchase_pk": pk} for row in decided.tenders]
            ledger += [{**row, "purchase_pk": pk} for row in decided.ledger]
        _INSERT_PURCHASES.execute(connection, purchases)
        _INSERT_LINES.execute_tuples(connection, lines)  # numbers, text and booleans
        _INSERT_TENDERS.execute(connection, tenders)
        _INSERT_LEDGER.execute(connection, ledger)
        _INSERT_RECORDS.execute(connection, self.records)


COPY_FROM = 10
"""On PostgreSQL, requests with this many purchases or more are written with COPY; a
COPY costs round trips of its own per table, so a till's single purchase is cheaper
as one executemany per table (psycopg pipelines it)."""


def _next_sqlite_ids(connection: Connection, count: int) -> list[int]:
    """The purchases' keys are given, not returned: on SQLite this transaction is the
    only writer (`BEGIN IMMEDIATE`), so the next keys are the highest one's successors,
    exactly what SQLite would have chosen."""
    last = connection.execute(_LAST_PURCHASE_PK).scalar_one()
    return list(range(last + 1, last + 1 + count))


class _Ingest:
    """One request's purchases in one transaction."""

    def __init__(self, backend: Backend, session: Session, terminal: TerminalIdentity) -> None:
        self.backend = backend
        self.session = session
        self.connection = session.connection()
        self.terminal = terminal
        self.now = backend.now()
        self.writes = _Writes()
        self.answered: dict[str, tuple[str, idempotency.Outcome]] = {}

    def run(self, items: list[_Item]) -> list[idempotency.Outcome | ApiProblem]:
        live = [item for item in items if item.refused is None]
        keys = list({item.key for item in live})
        stored = {}
        if keys:
            found = self.connection.execute(
                _KNOWN_RECORDS, {"store_id": self.terminal.store_id, "keys": keys}
            )
            stored = {row.key: row for row in found}
        ids = [str(item.body.purchase_id) for item in live]
        self.taken = set(self.connection.scalars(_KNOWN_PURCHASES, {"ids": ids})) if ids else set()
        numbers = {purchase_rules.card_number_of(item.body) for item in live} - {None}
        self.cards = member_lookup.rows_by_number(self.connection, sorted(numbers))
        answers: list[idempotency.Outcome | ApiProblem] = []
        for item in items:
            if item.refused is not None:
                answers.append(item.refused)
            elif item.key in stored:
                answers.append(_replay(stored[item.key], item))
            elif item.key in self.answered:
                first_hash, first = self.answered[item.key]
                answers.append(
                    idempotency.Outcome(first.body, True, first.problem_status, first.body_json)
                    if first_hash == item.request_hash
                    else idempotency.key_reused(item.key)
                )
            else:
                outcome = self._decide(item)
                self.answered[item.key] = (item.request_hash, outcome)
                answers.append(outcome)
        self.writes.flush(self.connection)
        return answers

    def _decide(self, item: _Item) -> idempotency.Outcome:
        purchase_id = str(item.body.purchase_id)
        try:
            if purchase_id in self.taken:
                raise ApiProblem(
                    "purchase_id_conflict", f"purchase {purchase_id} is already recorded"
                )
            if item.body.kind == "return":  # its sale may be in this very batch: write it first
                self.writes.flush(self.connection)
            decided = purchase_rules.evaluate(
                self.backend, self.session, self.terminal, item.body, self.now, self.cards
            )
        except ApiProblem as problem:
            outcome = idempotency.Outcome.refused(problem)
        else:
            outcome = idempotency.Outcome(decided.answer, replayed=False)
            self.taken.add(purchase_id)
            self.writes.decided.append(decided)
        answer = to_jsonable_python(outcome.body)
        answer_json = to_json(answer).decode()  # stored, and sent as it is
        self.writes.records.append(
            {
                "store_id": self.terminal.store_id,
                "key": item.key,
                "endpoint": ENDPOINT,
                "request_hash": item.request_hash,
                "status_code": outcome.stored_status,
                "response_body": answer_json,
                "created_at": self.now,
            }
        )
        return idempotency.Outcome(answer, False, outcome.problem_status, answer_json)


def _replay(record, item: _Item) -> idempotency.Outcome | ApiProblem:
    if record.endpoint != ENDPOINT or not idempotency.matches(
        record.request_hash, item.request_hash, ENDPOINT, item.body
    ):
        return idempotency.key_reused(record.key)
    body = record.response_body
    return idempotency.Outcome.stored(record.status_code, json.loads(body), body)


def _ingest(
    backend: Backend, terminal: TerminalIdentity, items: list[_Item]
) -> list[idempotency.Outcome | ApiProblem]:
    driver_integrity_error = backend.db.engine.dialect.loaded_dbapi.IntegrityError  # COPY's
    for attempt in range(ATTEMPTS):
        try:
            with backend.db.writing() as session:
                return _Ingest(backend, session, terminal).run(items)
        except (IntegrityError, driver_integrity_error):  # a concurrent request came first
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def ingest(
    backend: Backend, terminal: TerminalIdentity, key: str | None, body: PurchaseIn
) -> idempotency.Outcome:
    """One purchase; a refusal of the request itself is raised, not stored."""
    item = _item(terminal, key, body)
    if item.refused is not None:
        raise item.refused
    (answer,) = _ingest(backend, terminal, [item])
    if isinstance(answer, ApiProblem):
        raise answer
    return answer


def ingest_batch(
    backend: Backend, terminal: TerminalIdentity, items: list[BatchItemIn]
) -> list[idempotency.Outcome]:
    """Each item exactly once with its own key and its own answer; one transaction.
    The answers come in the items' order, a refused item's as a refusal."""
    if len(items) > MAX_BATCH:
        raise ApiProblem("batch_too_large", f"{len(items)} items", max_items=MAX_BATCH)
    prepared = [_item(terminal, item.idempotency_key, item.purchase) for item in items]
    return [
        idempotency.Outcome.refused(answer) if isinstance(answer, ApiProblem) else answer
        for answer in _ingest(backend, terminal, prepared)
    ]
