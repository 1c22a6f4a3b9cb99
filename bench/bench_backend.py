"""The member backend at the co-op's size: seeding, member lookup and purchase ingest.

Each figure stands beside a limit measured in the same run on the same machine:
- seeding 2 000 000 members (a quarter with Coopay, some families) vs a raw sqlite3
  `executemany` of the same rows into the same schema (what Python row-building costs);
- member lookups from 32 concurrent clients against that database vs the same server's
  bare `/health/live` endpoint (what auth + query + JSON cost over the HTTP floor);
- 10-line purchase ingest, one per request (8 tills at once) and in batches of 100,
  vs raw sqlite3 inserts of the same rows (purchase, lines, tender, ledger, idempotency
  record) with one transaction per purchase or per batch (what exactly-once costs).

`--quick` uses 20 000 members and fewer requests. The HTTP load generator is a minimal
keep-alive HTTP/1.1 client on asyncio streams, so the client costs little of the
two cores it shares with the server; the same client measures both sides of a ratio.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from backend_stub.core.context import Backend
from backend_stub.core.settings import BackendSettings
from backend_stub.seeding.bulk import FIRST_BULK_SERIAL, SeedOptions, seed_members
from backend_stub.seeding.sample_purchases import purchase_body, sample_lines
from backend_stub.terminals import service as terminals
from bench.common import Result, percentile
from pos.formats.member_card import DEFAULT_FORMAT

CLIENTS = 32
BATCHED = 5_000
"""Purchases sent in batches (50 requests): long enough for a steady figure (1 000 in 10
requests varied by a quarter between runs)."""
STORE, REGISTER = 1001, 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _settings(db_path: Path) -> BackendSettings:
    return BackendSettings(
        db_url=f"sqlite:///{db_path}", campaign_tick_seconds=0, secret_key="bench"
    )


def _progress(done: int, total: int) -> None:
    if done == total or done % (total // 10 or 1) < 10_000:
        print(f"   seeded {done:,}/{total:,}", file=sys.stderr, flush=True)


# -- seeding ----------------------------------------------------------------------------------


def _seed(work: Path, members: int) -> tuple[list[Result], Backend, str]:
    db_path = work / "backend.sqlite3"
    backend = Backend.open(_settings(db_path), migrate=True)
    with backend.db.writing() as session:
        key, _ = terminals.add_terminal(backend, session, store_id=STORE, register=REGISTER)
    started = time.perf_counter()
    report = seed_members(
        backend, SeedOptions(members=members, random_seed=1, batch=20_000), _progress
    )
    seconds = time.perf_counter() - started
    with backend.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = sum(
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in (
                "persons",
                "memberships",
                "members",
                "digital_accounts",
                "cards",
                "app_sessions",
            )
        )
    size = backend.db.file_size_bytes() or 0
    raw_rate = _raw_seed_rate(work, db_path, min(members, 100_000))
    results = [
        Result(
            f"seed {members:,} members",
            seconds,
            "s",
            limit=rows / raw_rate,
            limit_name="raw executemany, same rows",
            extra={
                "owners": report.owners,
                "family": report.family,
                "digital": report.digital,
                "coopay": report.coopay,
                "rows": rows,
            },
        ),
        Result("seed rate", rows / seconds, "rows/s", limit=raw_rate, limit_name="raw executemany"),
        Result(
            "database size",
            size / 1e6,
            "MB",
            extra={"bytes": size, "bytes_per_member": round(size / members, 1)},
        ),
    ]
    return results, backend, key


def _raw_seed_rate(work: Path, source_path: Path, sample: int) -> float:
    """Rows/s for plain sqlite3 executemany of rows copied from the seeded tables."""
    source = sqlite3.connect(source_path)
    tables = ("persons", "memberships", "members", "digital_accounts", "cards", "app_sessions")
    data = {t: source.execute(f"SELECT * FROM {t} LIMIT {sample}").fetchall() for t in tables}
    raw = _raw_db(work / "raw-seed.sqlite3", _schema(source))
    source.close()
    started = time.perf_counter()
    raw.execute("BEGIN")
    for table, rows in data.items():
        if rows:
            raw.executemany(f"INSERT INTO {table} VALUES ({_q(len(rows[0]))})", rows)
    raw.execute("COMMIT")
    seconds = time.perf_counter() - started
    raw.close()
    return sum(len(r) for r in data.values()) / seconds


# -- the HTTP load generator ------------------------------------------------------------------


def _request(path: str, key: str, body: dict | None = None, extra: dict | None = None) -> bytes:
    payload = b"" if body is None else json.dumps(body).encode()
    method = "GET" if body is None else "POST"
    headers = {"Host": "bench", "Authorization": f"Bearer {key}", **(extra or {})}
    if body is not None:
        headers |= {"Content-Type": "application/json", "Content-Length": str(len(payload))}
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"{method} {path} HTTP/1.1\r\n{head}\r\n".encode() + payload


async def _worker(port: int, requests: list[bytes], latencies: list[float], statuses: list[int]):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for request in requests:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses.append(status)
    finally:
        writer.close()


def _load(port: int, per_client: list[list[bytes]]) -> tuple[float, list[float], list[int]]:
    """Run every client's requests concurrently; (seconds, latencies, statuses)."""
    latencies: list[float] = []
    statuses: list[int] = []

    async def run():
        await asyncio.gather(*(_worker(port, r, latencies, statuses) for r in per_client))

    started = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - started, latencies, statuses


def start_server(db_url: str, port: int, workers: int = 1) -> subprocess.Popen:
    """`pos-backend serve` on `db_url` (migrated already), answering on `port`."""
    env = {
        **os.environ,
        "POS_BACKEND_DB_URL": db_url,
        "POS_BACKEND_CAMPAIGN_TICK_SECONDS": "0",
        "POS_BACKEND_SECRET_KEY": "bench",
        "POS_BACKEND_DEV": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backend_stub",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-migrate",
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:  # answered by a worker (with --workers N the port is open before they are)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the backend did not start within 60 s")


def _lookups(port: int, key: str, members: int, per_client: int) -> list[Result]:
    rng = random.Random(5)
    serials = range(FIRST_BULK_SERIAL, FIRST_BULK_SERIAL + members)

    def lookup() -> bytes:
        number = DEFAULT_FORMAT.make(rng.choice(serials))
        return _request("/terminal/v1/members/lookup", key, {"card_number": number})

    bare = [[_request("/health/live", key)] * per_client for _ in range(CLIENTS)]
    work = [[lookup() for _ in range(per_client)] for _ in range(CLIENTS)]
    _load(port, [r[:20] for r in work])  # warm-up: connections, caches
    bare_s, bare_lat, _ = _load(port, bare)
    look_s, look_lat, statuses = _load(port, work)
    if set(statuses) != {200}:
        raise RuntimeError(f"lookups answered {sorted(set(statuses))}")
    total = CLIENTS * per_client
    return [
        Result(
            f"lookup, {CLIENTS} clients",
            total / look_s,
            "req/s",
            limit=total / bare_s,
            limit_name="bare endpoint, same server",
            extra={"requests": total},
        ),
        Result(
            "lookup p50",
            percentile(look_lat, 50) * 1000,
            "ms",
            limit=percentile(bare_lat, 50) * 1000,
            limit_name="bare endpoint p50",
        ),
        Result(
            "lookup p99",
            percentile(look_lat, 99) * 1000,
            "ms",
            limit=percentile(bare_lat, 99) * 1000,
            limit_name="bare endpoint p99",
        ),
    ]


# -- purchase ingest --------------------------------------------------------------------------


def _bodies(count: int, members: int) -> list[dict]:
    rng = random.Random(9)
    bodies = []
    for n in range(count):
        member = None
        if n % 2 == 0:  # half the shoppers show a member card
            member = {
                "card_number": DEFAULT_FORMAT.make(FIRST_BULK_SERIAL + rng.randrange(members))
            }
        bodies.append(
            purchase_body(STORE, REGISTER, lines=sample_lines(10, rng=rng), member=member)
        )
    return bodies


def _ingest(port: int, key: str, db_path: Path, members: int, count: int) -> list[Result]:
    singles = _bodies(count, members)
    clients = 8
    per_client = [
        [
            _request("/terminal/v1/purchases", key, b, {"Idempotency-Key": b["purchase_id"]})
            for b in singles[i::clients]
        ]
        for i in range(clients)
    ]
    single_s, single_latencies, statuses = _load(port, per_client)
    if set(statuses) != {201}:
        raise RuntimeError(f"single ingest answered {sorted(set(statuses))}")
    batched = _bodies(BATCHED, members)
    batches = [batched[i : i + 100] for i in range(0, len(batched), 100)]
    requests = [
        _request(
            "/terminal/v1/purchases/batch",
            key,
            {"items": [{"idempotency_key": b["purchase_id"], "purchase": b} for b in chunk]},
        )
        for chunk in batches
    ]
    batch_s, _, statuses = _load(port, [requests[0::2], requests[1::2]])
    if set(statuses) != {200}:
        raise RuntimeError(f"batch ingest answered {sorted(set(statuses))}")
    raw_single, raw_batch = _raw_ingest_rates(db_path, [b["purchase_id"] for b in singles])
    return [
        Result(
            "ingest, 1 purchase/request",
            count / single_s,
            "purchases/s",
            limit=raw_single,
            limit_name="raw sqlite3, 1 txn/purchase",
            extra={"lines": 10, "clients": clients},
        ),
        Result("ingest, 1 purchase/request, p99", percentile(single_latencies, 99) * 1000, "ms"),
        Result(
            "ingest, batches of 100",
            BATCHED / batch_s,
            "purchases/s",
            limit=raw_batch,
            limit_name="raw sqlite3, 1 txn/100",
            extra={"lines": 10, "clients": 2},
        ),
    ]


def _raw_ingest_rates(db_path: Path, purchase_ids: list[str]) -> tuple[float, float]:
    """Purchases/s re-inserting, with plain sqlite3, the very rows the server wrote for
    these purchases (purchase, lines, tender, ledger, idempotency record) into a fresh
    copy of the schema: one transaction per purchase, then per 100 purchases."""
    source = sqlite3.connect(db_path)
    groups = []
    for purchase_id in purchase_ids:
        purchase = source.execute(
            "SELECT * FROM purchases WHERE purchase_id = ?", (purchase_id,)
        ).fetchone()
        groups.append(
            [("purchases", [purchase])]
            + [
                (
                    table,
                    source.execute(
                        f"SELECT * FROM {table} WHERE purchase_pk = ?", (purchase[0],)
                    ).fetchall(),
                )
                for table in ("purchase_lines", "purchase_tenders", "ledger_entries")
            ]
            + [
                (
                    "idempotency_records",
                    source.execute(
                        "SELECT * FROM idempotency_records WHERE key = ?", (purchase_id,)
                    ).fetchall(),
                )
            ]
        )
    ddl = _schema(source)
    source.close()
    rates = []
    for per_txn in (1, 100):
        target = db_path.with_name(f"raw-ingest-{per_txn}.sqlite3")
        raw = _raw_db(target, ddl)
        started = time.perf_counter()
        for first in range(0, len(groups), per_txn):
            raw.execute("BEGIN")
            for group in groups[first : first + per_txn]:
                for table, rows in group:
                    if rows:
                        raw.executemany(f"INSERT INTO {table} VALUES ({_q(len(rows[0]))})", rows)
            raw.execute("COMMIT")
        rates.append(len(groups) / (time.perf_counter() - started))
        raw.close()
    return rates[0], rates[1]


def _schema(connection: sqlite3.Connection) -> list[str]:
    return [
        row[0]
        for row in connection.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        )
    ]


def _raw_db(path: Path, ddl: list[str]) -> sqlite3.Connection:
    """A fresh database with the same schema and pragmas as the service's (FKs off)."""
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    for statement in ddl:
        raw.execute(statement)
    return raw


def _q(n: int) -> str:
    return ",".join("?" * n)


def run(quick: bool) -> list[Result]:
    members = 20_000 if quick else 2_000_000
    work = Path(tempfile.mkdtemp(prefix="bench-backend-"))
    server = None
    try:
        results, backend, key = _seed(work, members)
        db_path = work / "backend.sqlite3"
        backend.close()
        port = _free_port()
        server = start_server(f"sqlite:///{db_path}", port)
        results += _lookups(port, key, members, per_client=60 if quick else 300)
        results += _ingest(port, key, db_path, members, count=1000 if quick else 2000)
        return results
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)
