"""The journal's cost beside the physics: durable SQLite commits and RSA signing.

Every figure is paired with the same work done bare in the same run: a raw
SQLite insert of the same row with the same pragmas (WAL, synchronous=FULL,
one commit per row), a bare RSA-SHA1 signature with `cryptography`, raw batch
updates for the outbox. The ratio says how much the journal's own code (hash
chain, rule checks, JSON) adds on top of what the disk and the math cost anyway.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import Result, percentile
from pos.domain.clock import OSLO, SteppingClock
from pos.journal import EventType, Journal, seals, signing, verify_journal
from pos.journal.canonical import canonical_json
from pos.journal.signing import generate_key, sign
from pos.sync.drain import Accepted, drain
from pos.sync.outbox import Outbox

START = datetime(2024, 5, 2, 8, 0, tzinfo=OSLO)
LINE = {"gtin": "7038010000706", "name": "TINE Lettmelk 1 l", "qty": 1, "price": 2490,
        "vat": 1500, "deposit": 0}
PURCHASE = {"store": "S1", "register": "K1", "total": 24900, "member": "957801******4711",
            "lines": [LINE] * 8, "tenders": [{"kind": "card", "amount": 24900}]}


def _journal(tmp: Path, name: str) -> Journal:
    clock = SteppingClock(START, step=timedelta(milliseconds=10))
    return Journal.open(tmp / name, register_id="K1", store_id="S1", clock=clock)


def _raw(tmp: Path, name: str) -> sqlite3.Connection:
    conn = sqlite3.connect(tmp / name, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _timed(action, count: int) -> list[float]:
    """Seconds per call of `action(i)` for i in range(count)."""
    laps = []
    for i in range(count):
        start = time.perf_counter()
        action(i)
        laps.append(time.perf_counter() - start)
    return laps


def _micro(laps: list[float]) -> float:
    return sum(laps) / len(laps) * 1e6


def _raw_insert_laps(tmp: Path, name: str, row: dict, count: int) -> list[float]:
    """Seconds per durable insert of `row` into a bare table, one commit each."""
    raw = _raw(tmp, name)
    raw.execute(f"CREATE TABLE journal ({', '.join(row)})")
    sql = f"INSERT INTO journal VALUES ({', '.join('?' * len(row))})"

    def insert(i: int) -> None:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(sql, tuple(row.values()))
        raw.execute("COMMIT")

    try:
        return _timed(insert, count)
    finally:
        raw.close()


def bench_append(tmp: Path, count: int) -> list[Result]:
    journal = _journal(tmp, "append.sqlite")
    sale_id = journal.start_sale().sale_id
    ours = _timed(lambda i: journal.append(EventType.LINE_ADDED, LINE, sale_id=sale_id), count)
    row = journal.last_entry().row()
    journal.close()
    bare = _raw_insert_laps(tmp, "raw_append.sqlite", row, count)
    sealing = _sealing_laps(tmp, row, count)
    unsealed = max(_micro(ours) - _micro(sealing), 1.0)
    return [
        Result("append event, durable (mean)", _micro(ours), "µs", _micro(bare),
               "raw SQLite insert, same row and pragmas"),
        Result("append event, durable (p99)", percentile(ours, 99) * 1e6, "µs",
               percentile(bare, 99) * 1e6, "raw insert p99"),
        Result("append rate", count / sum(ours), "events/s", count / sum(bare), "raw inserts/s"),
        Result("sealing per append (entry seal + signed head row)", _micro(sealing), "µs"),
        Result("append with seals vs without (limit 1.5x)", _micro(ours), "µs", unsealed,
               "the same append minus its sealing work"),
    ]


def _sealing_laps(tmp: Path, row: dict, count: int) -> list[float]:
    """Seconds per append of the work sealing adds: the entry's seal, the signed head row."""
    key = signing.generate_key()
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE journal_head (id INTEGER PRIMARY KEY, register_id, store_id,"
                 " seq, hash, seal)")

    def seal(i: int) -> None:
        seals.seal_entry(key, "1", i, row["hash"])
        seals.record_head(conn, seals.make_head(key, "1", register_id="K1", store_id="S1",
                                                seq=i, entry_hash=row["hash"]))

    try:
        return _timed(seal, count)
    finally:
        conn.close()


def bench_signing(tmp: Path, count: int) -> list[Result]:
    journal = _journal(tmp, "sign.sqlite")
    laps = []
    for i in range(count):
        sale_id = journal.start_sale().sale_id
        start = time.perf_counter()
        journal.complete_sale(sale_id, amount_in=24900 + i, amount_ex=19920 + i)
        laps.append(time.perf_counter() - start)
    row = journal.last_entry().row()
    journal.close()
    key = generate_key()
    text = "previous-signature-base64;2024-05-02;08:00:00;1;249.00;199.20"
    bare_sign = _timed(lambda i: sign(key, text), count)
    bare_insert = _raw_insert_laps(tmp, "raw_sign.sqlite", row, count)
    return [
        Result("complete sale: sign + durable append", _micro(laps), "µs/transaction",
               _micro(bare_sign) + _micro(bare_insert), "bare RSA sign + raw durable insert"),
        Result("RSA-1024 SHA-1 sign alone", _micro(bare_sign), "µs", None, "",
               {"share_of_complete_sale": round(sum(bare_sign) / sum(laps), 3)}),
    ]


def bench_outbox(tmp: Path, count: int) -> list[Result]:
    journal = _journal(tmp, "outbox.sqlite")
    outbox = Outbox.for_journal(journal)
    start = time.perf_counter()
    for i in range(count):
        outbox.enqueue(f"purchase-{i:06d}", PURCHASE)
    enqueue = time.perf_counter() - start
    start = time.perf_counter()
    report = drain(outbox, lambda item: Accepted({"ok": True}), batch_size=100)
    drained = time.perf_counter() - start
    assert len(report.sent) == count and outbox.pending_count() == 0
    journal.close()

    raw = _raw(tmp, "raw_outbox.sqlite")
    raw.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY, purchase_id TEXT UNIQUE, "
                "body TEXT, state TEXT, response TEXT)")
    body = canonical_json(PURCHASE)
    start = time.perf_counter()
    for i in range(count):
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT INTO outbox (purchase_id, body, state) VALUES (?, ?, 'pending')",
                    (f"purchase-{i:06d}", body))
        raw.execute("COMMIT")
    raw_enqueue = time.perf_counter() - start
    start = time.perf_counter()
    while True:
        rows = raw.execute("SELECT id, body FROM outbox WHERE state = 'pending' ORDER BY id "
                           "LIMIT 100").fetchall()
        if not rows:
            break
        raw.execute("BEGIN IMMEDIATE")
        raw.executemany("UPDATE outbox SET state = 'sent', response = '{\"ok\":true}' "
                        "WHERE id = ?", [(r[0],) for r in rows])
        raw.execute("COMMIT")
    raw_drain = time.perf_counter() - start
    raw.close()
    return [
        Result(f"outbox enqueue {count} purchases", count / enqueue, "purchases/s",
               count / raw_enqueue, "raw durable inserts/s"),
        Result(f"outbox drain {count} purchases, no-op send", count / drained, "purchases/s",
               count / raw_drain, "raw select+update batches/s"),
    ]


def bench_verify(tmp: Path, count: int) -> list[Result]:
    journal = _journal(tmp, "verify.sqlite")
    with journal.atomic():  # build fast; verify is what is measured
        for _ in range(count // 10):
            sale_id = journal.start_sale().sale_id
            for _ in range(8):
                journal.append(EventType.LINE_ADDED, LINE, sale_id=sale_id)
            journal.complete_sale(sale_id, amount_in=24900, amount_ex=19920)
    entries = journal.last_entry().seq
    journal.close()
    start = time.perf_counter()
    report = verify_journal(tmp / "verify.sqlite")
    ours = time.perf_counter() - start
    assert report.ok
    conn = sqlite3.connect(tmp / "verify.sqlite")
    start = time.perf_counter()
    for row in conn.execute("SELECT * FROM journal ORDER BY seq"):
        hashlib.sha256(repr(row).encode()).hexdigest()
    bare = time.perf_counter() - start
    conn.close()
    return [
        Result(f"verify {entries} entries ({report.cash_transactions} signed)", entries / ours,
               "entries/s", entries / bare, "raw read + sha256 per row"),
    ]


def run(quick: bool) -> list[Result]:
    appends, signs, purchases, verified = (300, 100, 1_000, 2_000) if quick else (
        3_000, 500, 10_000, 20_000)
    with tempfile.TemporaryDirectory(prefix="bench-journal-") as tmp:
        base = Path(tmp)
        return [
            *bench_append(base, appends),
            *bench_signing(base, signs),
            *bench_outbox(base, purchases),
            *bench_verify(base, verified),
        ]
