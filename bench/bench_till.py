"""The till engine beside its limits: outbox drain rate and engine start-up.

Drain: 10 000 purchases (500 with --quick) queued in a real journal's outbox,
drained by the sync worker against the real member backend (a `pos-backend
serve` subprocess on 127.0.0.1, SQLite), once one purchase per request
(`POST /purchases` with Idempotency-Key) and once in batches
(`POST /purchases/batch`). The limit beside each is the same client calling a
bare endpoint (`GET /terminal/v1/health`) in the same run: what HTTP on this
machine costs before the backend does any work.

Start-up: `Till.open` + `start()` on a journal that already holds a day of
sales (1 000 completed) and an open sale of 60 lines that must be replayed,
beside loading the catalog alone (the part no till can skip).
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Result, percentile
from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.catalog import load_default_catalog
from pos.domain.clock import SteppingClock
from pos.sync.client import TerminalClient
from pos.sync.worker import SyncWorker
from pos.till import Till
from tests.fixtures.backend_server import start_backend

OSLO = ZoneInfo("Europe/Oslo")


def _clock() -> SteppingClock:
    now = datetime.now(OSLO).replace(hour=10, minute=0, second=0, microsecond=0)
    while now.weekday() > 4:
        now -= timedelta(days=1)
    return SteppingClock(now, step=timedelta(milliseconds=5))


async def _one_sale(till: Till) -> str:
    await till.scan(demo.BREAD)
    await till.scan(demo.MILK)
    await till.scan(demo.COLA_0_5L)
    sale_id = till.sale.sale_id
    till.pay_cash(None)
    return sale_id


def _fill_outbox(till: Till, template: dict, count: int) -> None:
    """Copies of one real purchase under fresh ids (one commit): what a long outage leaves."""
    with till.journal.atomic():
        for n in range(count):
            purchase_id = str(uuid.uuid4())
            body = {**template, "purchase_id": purchase_id, "receipt_number": str(10_000 + n)}
            till.outbox.enqueue(purchase_id, body)


async def _bare_rate(server, requests: int) -> float:
    async with TerminalClient(server.base_url, server.terminal_key) as client:
        await client.health()
        start = time.perf_counter()
        for _ in range(requests):
            await client.health()
        return (time.perf_counter() - start) / requests


async def _drain(till: Till, server, mode: str) -> tuple[float, int]:
    worker = SyncWorker(till.journal.path, server.base_url, server.terminal_key, mode=mode,
                        batch_size=100)
    from pos.journal.db import Database
    from pos.sync.card_reads import PendingCardReads
    from pos.sync.outbox import Outbox

    db = Database.open(till.journal.path)
    outbox, reads = Outbox(db), PendingCardReads(db)
    pending = outbox.pending_count()
    try:
        async with TerminalClient(server.base_url, server.terminal_key) as client:
            start = time.perf_counter()
            while outbox.pending_count():
                await worker.run_once(client, outbox, reads)
                if worker.online is False:
                    raise RuntimeError("the backend went away during the benchmark")
            return time.perf_counter() - start, pending
    finally:
        db.close()


def _drain_results(quick: bool) -> list[Result]:
    count = 500 if quick else 10_000
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-till-"))
    server = start_backend(tmp / "backend")
    try:
        bare = asyncio.run(_bare_rate(server, 200 if quick else 1000))
        for mode in ("single", "batch"):
            config = TillConfig(backend=server.base_url, terminal_key=server.terminal_key,
                                store=str(server.store), register=str(server.register),
                                data_dir=tmp / f"till-{mode}")
            till = Till.open(config, clock=_clock())
            till.start(sync=False)
            till.login("1", "1234")
            first = asyncio.run(_one_sale(till))
            template = dict(till.outbox.get(first).body)
            _fill_outbox(till, template, count - 1)
            seconds, drained = asyncio.run(_drain(till, server, mode))
            asyncio.run(till.aclose())
            per_purchase = seconds / drained
            results.append(Result(
                f"outbox drain, {mode} ({drained} purchases)", per_purchase * 1e3, "ms/purchase",
                bare * 1e3, "GET /health (bare endpoint)",
                {"purchases_per_second": round(drained / seconds, 1), "seconds": seconds}))
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def _startup_results(quick: bool) -> list[Result]:
    history = 100 if quick else 1_000
    tmp = Path(tempfile.mkdtemp(prefix="bench-till-start-"))
    try:
        config = TillConfig(data_dir=tmp / "till")
        till = Till.open(config, clock=_clock())
        till.start(sync=False)
        till.login("1", "1234")
        for _ in range(history):
            asyncio.run(_one_sale(till))
        for _ in range(30):
            asyncio.run(till.scan(demo.COLA_1_5L))  # 60 lines with the deposits
        open_lines = len(till.sale.lines)
        asyncio.run(till.aclose())

        catalog_laps, start_laps = [], []
        for _ in range(3 if quick else 10):
            load_default_catalog.cache_clear()  # as in a fresh process
            t0 = time.perf_counter()
            load_default_catalog()
            catalog_laps.append(time.perf_counter() - t0)
            load_default_catalog.cache_clear()
            t0 = time.perf_counter()
            till = Till.open(config, clock=_clock())
            view = till.start(sync=False)
            start_laps.append(time.perf_counter() - t0)
            assert view is not None and len(view.lines) == open_lines
            asyncio.run(till.aclose())
        return [Result(
            f"engine start-up (journal with {history} sales, open sale of {open_lines} lines)",
            percentile(start_laps, 50) * 1e3, "ms", percentile(catalog_laps, 50) * 1e3,
            "load the catalog alone", {"p90_ms": percentile(start_laps, 90) * 1e3})]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(quick: bool) -> list[Result]:
    return _startup_results(quick) + _drain_results(quick)
