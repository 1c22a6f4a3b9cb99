"""The chain at its peak and at capacity, through `pos-backend load` (simulated tills, real HTTP).

The co-op has about 1 200 stores × 4 tills. Scenarios, each run against servers
started here (SQLite with 1 worker; PostgreSQL with 1 and 2 workers when its server
programs are on this machine), each ending with the exactly-once check (a failed
check fails the benchmark):
- **chain peak**: 4 800 tills each selling once a minute (80 purchases/s, half of
  them with a member card and its lookup), beside the offered rate;
- **single ingest at capacity**: 64 tills as fast as the backend takes them, one
  purchase per request, beside the same server's bare endpoint at the same concurrency;
- **batch ingest at capacity**: 8 tills draining queues in batches of 100, beside
  raw sqlite3 inserts of the same rows (SQLite) or the 1-worker figure (PostgreSQL).

`--quick`: 480 tills, shorter runs, 20 000 members. PostgreSQL is started as in the
tests (`tests/fixtures/postgres.py`: initdb in a temporary directory, private port).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from backend_stub.cli.load import run_load_plan
from backend_stub.core.context import Backend
from backend_stub.core.settings import BackendSettings
from backend_stub.loadgen.drive import LoadPlan
from backend_stub.seeding.bulk import SeedOptions, seed_members
from bench.bench_backend import _free_port, _load, _raw_ingest_rates, _request, start_server
from bench.common import Result

CHAIN_TILLS = 4_800
SALES_PER_TILL_PER_MINUTE = 1.0


def _settings(db_url: str) -> BackendSettings:
    return BackendSettings(db_url=db_url, campaign_tick_seconds=0, secret_key="bench")


def _prepare(db_url: str, members: int) -> None:
    backend = Backend.open(_settings(db_url), migrate=True)
    try:
        seed_members(backend, SeedOptions(members=members, random_seed=1, batch=20_000))
    finally:
        backend.close()


def _run(db_url: str, port: int, plan: LoadPlan, first_store: int) -> dict:
    figures = run_load_plan(_settings(db_url), plan, f"http://127.0.0.1:{port}", first_store)
    verdict = figures["verdict"]
    if not verdict["exactly_once"] or figures["failures"]:
        raise RuntimeError(f"exactly-once failed: {verdict} {figures['failures'][:3]}")
    return figures


def _bare_rate(port: int, clients: int, per_client: int) -> float:
    bare = [[_request("/health/live", "none")] * per_client for _ in range(clients)]
    seconds, _, _ = _load(port, bare)
    return clients * per_client / seconds


def _p99(figures: dict, kind: str) -> float:
    return figures["latency"].get(kind, {}).get("p99_ms", 0.0)


def _scenarios(engine: str, db_url: str, workers: int, quick: bool, store: int) -> list[Result]:
    tills = CHAIN_TILLS // 10 if quick else CHAIN_TILLS
    peak_rate = tills * SALES_PER_TILL_PER_MINUTE / 60
    port = _free_port()
    server = start_server(db_url, port, workers)
    label = f"{engine}, {workers} worker{'s' if workers > 1 else ''}"
    try:
        print(f"   {label}: chain peak, {tills:,} tills", file=sys.stderr, flush=True)
        peak = _run(db_url, port, LoadPlan(tills, peak_rate, 10 if quick else 30), store)
        single_plan = LoadPlan(64, 0, 5 if quick else 15, member_share=0.5)
        single = _run(db_url, port, single_plan, store + 2_000)
        bare = _bare_rate(port, 64, 50 if quick else 200)
        batch_plan = LoadPlan(8, 0, 5 if quick else 15, batch=100, member_share=0.5)
        batch = _run(db_url, port, batch_plan, store + 4_000)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results = [
        Result(
            f"chain peak ({tills:,} tills), {label}",
            peak["purchases_per_s"],
            "purchases/s",
            limit=peak_rate,
            limit_name="offered",
            extra={"p99_ms": {k: _p99(peak, k) for k in ("lookup", "purchase")}},
        ),
        Result(f"chain peak purchase p99, {label}", _p99(peak, "purchase"), "ms"),
        Result(f"chain peak lookup p99, {label}", _p99(peak, "lookup"), "ms"),
        Result(
            f"single ingest at capacity, {label}",
            single["purchases_per_s"],
            "purchases/s",
            limit=bare,
            limit_name="bare endpoint req/s, 64 clients",
            extra={"p99_ms": _p99(single, "purchase"), "lookups_per_s": single["lookups_per_s"]},
        ),
    ]
    batch_result = Result(
        f"batch ingest (100) at capacity, {label}",
        batch["purchases_per_s"],
        "purchases/s",
        extra={"p99_ms": _p99(batch, "batch")},
    )
    if engine == "sqlite":
        batch_result.limit, batch_result.limit_name = _raw_batch_rate(db_url, store + 4_000)
    return [*results, batch_result]


def _raw_batch_rate(db_url: str, first_store: int) -> tuple[float, str]:
    """Raw sqlite3, 100 purchases a transaction, of the very rows the batch run wrote."""
    backend = Backend.open(_settings(db_url))
    try:
        with backend.db.engine.connect() as connection:
            ids = list(
                connection.execute(
                    text("SELECT purchase_id FROM purchases WHERE store_id >= :s LIMIT 2000"),
                    {"s": first_store},
                ).scalars()
            )
    finally:
        backend.close()
    path = Path(db_url.removeprefix("sqlite:///"))
    return _raw_ingest_rates(path, ids)[1], "raw sqlite3, 1 txn/100, same rows"


def _postgres(work: Path, members: int, quick: bool) -> list[Result]:
    try:
        from tests.fixtures.postgres import start_postgres

        server = start_postgres()
    except (ImportError, RuntimeError, OSError) as exc:
        print(f"   PostgreSQL skipped: {exc}", file=sys.stderr)
        return []
    try:
        db_url = server.create_database("bench")
        started = time.perf_counter()
        _prepare(db_url, members)
        results = [
            Result(f"postgresql: seed {members:,} members", time.perf_counter() - started, "s")
        ]
        one = _scenarios("postgresql", db_url, 1, quick, 7001)
        two = _scenarios("postgresql", db_url, 2, quick, 8001)
        for result in two:  # how it scales: 2 workers beside 1
            if "capacity" in result.name and result.limit is None:
                match = next(
                    r for r in one if r.name == result.name.replace("2 workers", "1 worker")
                )
                result.limit, result.limit_name = match.value, "same, 1 worker"
        return results + one + two
    finally:
        server.stop()


def run(quick: bool) -> list[Result]:
    members = 20_000 if quick else 200_000
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        db_url = f"sqlite:///{work / 'backend.sqlite3'}"
        _prepare(db_url, members)
        results = _scenarios("sqlite", db_url, 1, quick, 5001)
        return results + _postgres(work, members, quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
