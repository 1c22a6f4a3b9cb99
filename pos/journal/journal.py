"""The till's journal: every event the regulation cares about, append-only, chained and signed.

Each `append` is one durable commit (or part of the caller's `atomic()` block)
that writes one row: the event, who (operator), when (Oslo time from the
injected clock), where (register, store), whether in training mode, the sale
it belongs to, a JSON payload, and the sha256 hash chaining it to the row
before. Completing or voiding a sale also numbers and signs it as a cash
transaction (see `signing.py`). `open_sale()` gives back the sale that was open
when the till stopped, so the UI can replay it exactly.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.domain.clock import Clock, oslo_now
from pos.domain.money import Ore
from pos.journal import keys, seals, signing
from pos.journal.canonical import GENESIS_HASH, canonical_json, entry_hash
from pos.journal.db import Database, WriterLock
from pos.journal.entries import (
    SELECT_ENTRIES,
    CashTransaction,
    Entry,
    OpenSale,
    TransactionKind,
    cash_columns,
    entry_from_tuple,
)
from pos.journal.errors import (
    CopyLimitReached,
    JournalError,
    PayloadError,
    RegisterMismatch,
)
from pos.journal.events import (
    SALE_LIFECYCLE,
    SESSION_EVENTS,
    SIGNED_ENDS,
    EventType,
    event_type,
)
from pos.journal.head_keeper import HeadKeeper
from pos.journal.lifecycle import NEEDS_OPEN_SALE, STATUS_AFTER, SaleStatus, Session, check
from pos.journal.timestamps import format_ts, journal_time
from pos.journal.zguard import check_z_report

_LIFECYCLE_SQL = ", ".join(f"'{e.value}'" for e in SALE_LIFECYCLE)


class Journal:
    """One register's journal. Open with `Journal.open(path, register_id=…, store_id=…)`."""

    def __init__(self, db: Database, *, register_id: str, store_id: str,
                 clock: Clock = oslo_now) -> None:
        if not register_id or not store_id:
            raise JournalError("a journal needs a register id and a store id")
        self.db = db
        self.register_id = register_id
        self.store_id = store_id
        self._clock = clock
        self._lock: WriterLock | None = None
        self._bind_register()
        self._session = self._load_session()
        self._head = HeadKeeper(db, register_id=register_id, store_id=store_id)
        db.on_rollback(self._reload_session)
        self._key, self._key_version = self._load_or_create_key()
        self._head.check_on_open(self.public_keys())
        self._seal_legacy_entries()

    @classmethod
    def open(cls, path: str | Path, *, register_id: str, store_id: str,
             clock: Clock = oslo_now) -> Journal:
        """Open the register's journal; only one `Journal` may have a file open at a time."""
        lock = WriterLock.acquire(Path(path))
        try:
            db = Database.open(path)
        except BaseException:
            lock.release()
            raise
        try:
            journal = cls(db, register_id=register_id, store_id=store_id, clock=clock)
        except BaseException:
            db.close()
            lock.release()
            raise
        journal._lock = lock
        return journal

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- state ---------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def clock(self) -> Clock:
        """The injected clock, for stores that share the file (outbox, deposit slips)."""
        return self._clock

    @property
    def operator_id(self) -> str | None:
        return self._session.operator_id

    @property
    def training(self) -> bool:
        return self._session.training

    @property
    def key_version(self) -> str:
        return self._key_version

    def atomic(self) -> AbstractContextManager:
        """Group writes (events, outbox, slips) into one durable commit; all or nothing."""
        return self.db.transaction()

    # -- writing -------------------------------------------------------------------------

    def append(self, event: EventType | str, payload: Mapping[str, Any] | None = None, *,
               sale_id: str | None = None) -> Entry:
        """Record one event; the sale and receipt rules are checked first (`SaleStateError`)."""
        kind = event_type(event)
        if kind in SIGNED_ENDS:
            raise JournalError(f"{kind} is a signed cash transaction: use complete_sale/void_sale")
        if kind in SESSION_EVENTS:
            raise JournalError(f"{kind} changes the session: use login/logout/set_training")
        return self._write(kind, payload, sale_id)

    def start_sale(self, payload: Mapping[str, Any] | None = None, *,
                   sale_id: str | None = None) -> Entry:
        """Open a new sale; its id (a UUID unless given) is the purchase's idempotency key."""
        return self._write(EventType.SALE_STARTED, payload, sale_id or str(uuid.uuid4()))

    def complete_sale(self, sale_id: str, *, amount_in: Ore, amount_ex: Ore,
                      payload: Mapping[str, Any] | None = None,
                      kind: TransactionKind = TransactionKind.SALE) -> Entry:
        """Close the open sale as a signed cash transaction (`entry.cash.nr` = receipt number)."""
        if kind == TransactionKind.VOID:
            raise JournalError("a void is recorded with void_sale()")
        return self._write(EventType.SALE_COMPLETED, payload, sale_id,
                           cash=(TransactionKind(kind), amount_in, amount_ex))

    def void_sale(self, sale_id: str, *, amount_in: Ore = 0, amount_ex: Ore = 0,
                  payload: Mapping[str, Any] | None = None) -> Entry:
        """Cancel the open sale; recorded as a signed cash transaction with the void flag."""
        return self._write(EventType.SALE_VOIDED, payload, sale_id,
                           cash=(TransactionKind.VOID, amount_in, amount_ex))

    def login(self, operator_id: str, payload: Mapping[str, Any] | None = None) -> Entry:
        if not operator_id:
            raise JournalError("an operator id is needed to log in")
        return self._write(EventType.OPERATOR_LOGIN, payload, None, operator_id=operator_id)

    def logout(self, payload: Mapping[str, Any] | None = None) -> Entry:
        if self.operator_id is None:
            raise JournalError("nobody is logged in")
        return self._write(EventType.OPERATOR_LOGOUT, payload, None)

    def set_training(self, on: bool) -> Entry:
        if on == self.training:
            raise JournalError(f"training mode is already {'on' if on else 'off'}")
        return self._write(EventType.TRAINING_ON if on else EventType.TRAINING_OFF, None, None)

    def rotate_key(self) -> str:
        """Start signing with a new key version (e.g. after the old key leaked); returns it."""
        new_version = str(int(self._key_version) + 1)
        self._create_key(new_version)
        return new_version

    def _write(self, kind: EventType, payload: Mapping[str, Any] | None, sale_id: str | None, *,
               operator_id: str | None = None,
               cash: tuple[TransactionKind, Ore, Ore] | None = None) -> Entry:
        payload_text = canonical_json(payload or {})
        if sale_id is not None and not (isinstance(sale_id, str) and sale_id):
            raise PayloadError(f"a sale id is non-empty text, got {sale_id!r}")
        operator = operator_id if kind == EventType.OPERATOR_LOGIN else self.operator_id
        with self.db.transaction() as conn:
            self._check_rules(kind, sale_id)
            tail = conn.execute(
                "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            seq, prev_hash = (tail[0] + 1, tail[1]) if tail else (1, GENESIS_HASH)
            ts = journal_time(self._clock())
            if kind == EventType.REPORT_Z:
                check_z_report(conn, payload or {}, ts, self._session.open_sale_id)
            next_session = self._session.after(kind, sale_id, operator)
            row = {
                "seq": seq,
                "ts": format_ts(ts),
                "type": kind.value,
                "register_id": self.register_id,
                "store_id": self.store_id,
                "operator_id": operator,
                "training": int(next_session.training),
                "sale_id": sale_id,
                "payload": payload_text,
                **cash_columns(self._sign(ts, *cash) if cash else None),
                "prev_hash": prev_hash,
            }
            row["hash"] = entry_hash(row)
            row["seal"] = seals.seal_entry(self._key, self._key_version, seq, row["hash"])
            conn.execute(
                f"INSERT INTO journal ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            self._session = next_session
            self._head.record(conn, self._key, self._key_version, seq, row["hash"])
        return Entry.from_row(row)

    def _check_rules(self, kind: EventType, sale_id: str | None) -> None:
        if sale_id is None:
            status = None
        elif kind in NEEDS_OPEN_SALE and sale_id == self._session.open_sale_id:
            status = SaleStatus.OPEN  # the hot path (every line): no query needed
        else:
            status = self.sale_status(sale_id)
        check(kind, sale_id, self._session, status)
        if kind == EventType.RECEIPT_COPY_PRINTED and self.copies_printed(sale_id or "") >= 1:
            raise CopyLimitReached(f"a copy of the receipt of sale {sale_id} was printed already")

    def _sign(self, ts: Any, kind: TransactionKind, amount_in: Ore,
              amount_ex: Ore) -> CashTransaction:
        for name, amount in (("amount_in", amount_in), ("amount_ex", amount_ex)):
            if not isinstance(amount, int) or isinstance(amount, bool):
                raise PayloadError(f"{name} is integer øre, got {amount!r}")
        last = self.db.query_one(
            "SELECT trans_nr, signature FROM journal WHERE trans_nr IS NOT NULL "
            "ORDER BY trans_nr DESC LIMIT 1"
        )
        nr, previous = (last[0] + 1, last[1]) if last else (1, signing.FIRST_PREVIOUS_SIGNATURE)
        text = signing.signed_text(previous, ts, nr, amount_in, amount_ex)
        return CashTransaction(
            nr=nr,
            kind=kind,
            amount_in=amount_in,
            amount_ex=amount_ex,
            signature=signing.sign(self._key, text),
            key_version=self._key_version,
        )

    # -- reading -------------------------------------------------------------------------

    def entries(self, *, after_seq: int = 0, sale_id: str | None = None) -> Iterator[Entry]:
        """Entries in order (all, or those after `after_seq`, or one sale's)."""
        if sale_id is None:
            cursor = self.db.execute(f"{SELECT_ENTRIES} WHERE seq > ? ORDER BY seq", (after_seq,))
        else:
            cursor = self.db.execute(
                f"{SELECT_ENTRIES} WHERE sale_id = ? AND seq > ? ORDER BY seq", (sale_id, after_seq)
            )
        for values in cursor:
            yield entry_from_tuple(values)

    def entry(self, seq: int) -> Entry | None:
        values = self.db.query_one(f"{SELECT_ENTRIES} WHERE seq = ?", (seq,))
        return entry_from_tuple(values) if values else None

    def last_entry(self) -> Entry | None:
        values = self.db.query_one(f"{SELECT_ENTRIES} ORDER BY seq DESC LIMIT 1")
        return entry_from_tuple(values) if values else None

    def cash_transaction(self, nr: int) -> Entry | None:
        values = self.db.query_one(f"{SELECT_ENTRIES} WHERE trans_nr = ?", (nr,))
        return entry_from_tuple(values) if values else None

    def open_sale(self) -> OpenSale | None:
        """The sale that is open (e.g. when the till was killed), with all its events, or None."""
        sale_id = self._session.open_sale_id
        if sale_id is None:
            return None
        return OpenSale(sale_id, list(self.entries(sale_id=sale_id)))

    def suspended_sales(self) -> list[OpenSale]:
        """Parked sales, oldest first, each with its events (to show and resume)."""
        rows = self.db.execute(
            "SELECT j.sale_id FROM journal j WHERE j.type = ? AND NOT EXISTS ("
            " SELECT 1 FROM journal k WHERE k.sale_id = j.sale_id AND k.seq > j.seq"
            f" AND k.type IN ({_LIFECYCLE_SQL})) ORDER BY j.seq",
            (EventType.SALE_SUSPENDED.value,),
        ).fetchall()
        return [OpenSale(sale_id, list(self.entries(sale_id=sale_id))) for (sale_id,) in rows]

    def sale_status(self, sale_id: str) -> SaleStatus | None:
        """What the sale is now (open, suspended, completed, voided), None if never started."""
        row = self.db.query_one(
            f"SELECT type FROM journal WHERE sale_id = ? AND type IN ({_LIFECYCLE_SQL}) "
            "ORDER BY seq DESC LIMIT 1",
            (sale_id,),
        )
        return STATUS_AFTER[EventType(row[0])] if row else None

    def copies_printed(self, sale_id: str) -> int:
        row = self.db.query_one(
            "SELECT count(*) FROM journal WHERE sale_id = ? AND type = ?",
            (sale_id, EventType.RECEIPT_COPY_PRINTED.value),
        )
        return row[0] if row else 0

    def public_keys(self) -> dict[str, rsa.RSAPublicKey]:
        """Every key version's public key, as recorded in the journal."""
        recorded = keys.recorded_public_keys(self.db)
        return {version: signing.load_public_pem(pem) for version, pem in recorded.items()}

    # -- opening -------------------------------------------------------------------------

    def _bind_register(self) -> None:
        """Record the register and store on first open; refuse another register later."""
        with self.db.transaction() as conn:
            stored = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if not stored:
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("register_id", self.register_id), ("store_id", self.store_id)],
                )
                return
        if (stored.get("register_id"), stored.get("store_id")) != (self.register_id, self.store_id):
            raise RegisterMismatch(
                f"{self.path} is the journal of register {stored.get('register_id')} in store "
                f"{stored.get('store_id')}, not of register {self.register_id} in store "
                f"{self.store_id}"
            )

    def _load_session(self) -> Session:
        def last(*kinds: EventType) -> tuple | None:
            """The newest entry of any of `kinds`: one index seek per kind."""
            found = [
                self.db.query_one(
                    "SELECT seq, type, operator_id, sale_id FROM journal WHERE type = ? "
                    "ORDER BY seq DESC LIMIT 1",
                    (kind.value,),
                )
                for kind in kinds
            ]
            newest = max((row for row in found if row), default=None)
            return newest[1:] if newest else None

        login = last(EventType.OPERATOR_LOGIN, EventType.OPERATOR_LOGOUT)
        training = last(EventType.TRAINING_ON, EventType.TRAINING_OFF)
        sale = last(*SALE_LIFECYCLE)
        return Session(
            operator_id=login[1] if login and login[0] == EventType.OPERATOR_LOGIN else None,
            training=bool(training and training[0] == EventType.TRAINING_ON),
            open_sale_id=(
                sale[2] if sale and STATUS_AFTER[EventType(sale[0])] == SaleStatus.OPEN else None
            ),
        )

    def _reload_session(self) -> None:
        self._session = self._load_session()

    def _load_or_create_key(self) -> tuple[rsa.RSAPrivateKey, str]:
        """The current key; on first start a new one (v1), recorded in the journal."""
        current = keys.load_current_key(self.db, self.path)
        return current if current else (self._create_key("1"), "1")

    def _create_key(self, version: str) -> rsa.RSAPrivateKey:
        """A new key file, recorded in the journal by an entry sealed with that very key."""
        key = keys.create_key_file(self.path, version)
        previous = getattr(self, "_key", None), getattr(self, "_key_version", None)
        self._key, self._key_version = key, version
        try:
            self._write(EventType.SIGNING_KEY_CREATED, keys.key_created_payload(key, version),
                        None)
        except BaseException:
            self._key, self._key_version = previous  # the new key was not recorded
            raise
        return key

    # -- sealing -------------------------------------------------------------------------

    def _seal_legacy_entries(self) -> None:
        """A journal from before sealing (schema v1): one sealed entry vouches for them all."""
        last = self.db.query_one("SELECT seq, seal FROM journal ORDER BY seq DESC LIMIT 1")
        if last is not None and last[1] is None:
            self._write(EventType.APP_UPDATED, {"journal_schema": 2, "sealed_through": last[0]},
                        None)

