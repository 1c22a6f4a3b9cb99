"""The Textual till's speed as a cashier feels it.

- **scan → screen p50/p99**: from the rig writing the last byte of a scanner frame
  on the far side of a real pty to the new line painted in the basket widget (the
  basket's refresh after the row was added), over 1 000 scans in one sale, beside
  the frame's wire time at 115200 baud. The path is the whole till: hub reader
  thread → the bridge → the engine thread (parse, sale, durable journal commit) →
  `SaleChanged` message → the app → the sale screen → basket → Textual's paint.
  `extra.frame_wait_*` is the last step alone: basket rows changed → painted
  (Textual paints at most 60 times a second).
- **burst**: 2 000 back-to-back scans; lines in the basket beside scans sent
  (must be 1.00x, in order), and the time beside the burst's wire time.
- **start-up → ready**: from building the till (journal, catalog, hub, app) to the
  first screen showing the engine's state, beside a bare Textual app's time to
  its first screen in the same run.

Runs headless (`App.run_test`) with the rig's scanner and printer on ptys and no
backend (no member lookups on this path).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from textual.app import App
from textual.widgets import Static

from bench.common import Result, percentile
from devices import scanner
from devices.config import PortSettings
from devices.rig import Rig
from pos.config import TillConfig
from pos.data import demo_products as demo
from pos.domain.clock import OSLO, SteppingClock
from pos.faces.cashier.launch import build_app
from pos.faces.cashier.widgets.basket import Basket

BAUD = 115200
FRAME = scanner.encode_scan(demo.MILK, "]E0")


class _Till:
    """A rig (scanner + printer) and a headless till app on it, in a temp dir."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="benchui", dir="/tmp"))
        self.rig = Rig(self.base / "rig", devices=["scanner", "printer"], baud=BAUD,
                       control=False).start()
        self.built_at = time.perf_counter()
        config = TillConfig(ports=self.rig.ports_file, data_dir=self.base / "till")
        clock = SteppingClock(datetime(2025, 3, 4, 12, 0, tzinfo=OSLO), timedelta(seconds=1))
        self.app = build_app(config, clock=clock)

    def close(self) -> None:
        self.rig.stop()
        shutil.rmtree(self.base, ignore_errors=True)


async def _until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the till did not get there in time")
        await asyncio.sleep(0.001)


async def _ready(till: _Till, pilot) -> float:
    await till.app.ready.wait()
    ready = time.perf_counter() - till.built_at
    await till.app.call(till.app.till.login, "1", "1234")
    await _until(lambda: till.app.sale_screen is not None)
    await pilot.pause()
    return ready


async def _scan_to_screen(n: int) -> tuple[list[float], list[float], float]:
    till = _Till()
    try:
        async with till.app.run_test(size=(120, 40)) as pilot:
            ready = await _ready(till, pilot)
            basket = till.app.sale_screen.query_one(Basket)
            painted: dict[int, float] = {}
            frame_waits: list[float] = []

            def probe(rows: int, changed_at: float) -> None:
                now = time.perf_counter()
                if rows not in painted:
                    painted[rows] = now
                    frame_waits.append(now - changed_at)

            basket.shown_probe = probe
            em = till.rig.emulator("scanner")
            samples = []
            for i in range(1, n + 1):
                written: list[float] = []
                em.call(em.send, FRAME, written.append)
                await _until(lambda i=i: i in painted, timeout=10)
                samples.append(painted[i] - written[0])
            return samples, frame_waits, ready
    finally:
        till.close()


async def _burst(count: int) -> tuple[int, bool, float]:
    till = _Till()
    codes = [demo.MILK, demo.BREAD, demo.YOGHURT, demo.NEWSPAPER]
    sent = [codes[i % len(codes)] for i in range(count)]
    try:
        async with till.app.run_test(size=(120, 40)) as pilot:
            await _ready(till, pilot)
            em = till.rig.emulator("scanner")
            frames = [scanner.encode_scan(code, "]E0") for code in sent]
            start = time.perf_counter()
            em.call(lambda: [em.send(frame) for frame in frames])
            app = till.app
            with contextlib.suppress(TimeoutError):  # a loss shows as fewer lines
                await _until(lambda: app.sale_view is not None
                             and len(app.sale_view.lines) >= count, timeout=600)
            seconds = time.perf_counter() - start
            lines = app.sale_view.lines if app.sale_view else ()
            in_order = [line.product.gtin for line in lines] == sent[: len(lines)]
            return len(lines), in_order, seconds
    finally:
        till.close()


class _Bare(App):
    def compose(self):
        yield Static("ready")


async def _bare_start() -> float:
    start = time.perf_counter()
    app = _Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - start


def run(quick: bool) -> list[Result]:
    n = 100 if quick else 1000
    burst_count = 300 if quick else 2000
    samples, frame_waits, ready = asyncio.run(_scan_to_screen(n))
    received, in_order, burst_seconds = asyncio.run(_burst(burst_count))
    bare = asyncio.run(_bare_start())
    wire_ms = PortSettings(BAUD).wire_time(len(FRAME)) * 1000
    burst_wire = PortSettings(BAUD).wire_time(len(FRAME) * burst_count)
    extra = {"scans": n, "frame_bytes": len(FRAME), "baud": BAUD,
             "max_ms": round(max(samples) * 1000, 3),
             "frame_wait_p50_ms": round(percentile(frame_waits, 50) * 1000, 3),
             "frame_wait_p99_ms": round(percentile(frame_waits, 99) * 1000, 3)}
    return [
        Result("scan → screen p50", percentile(samples, 50) * 1000, "ms", wire_ms,
               "wire time of the frame", extra),
        Result("scan → screen p99", percentile(samples, 99) * 1000, "ms", wire_ms,
               "wire time of the frame", extra),
        Result(f"burst {burst_count} lines in basket", received, "lines", burst_count,
               "scans sent", {"in_order": in_order}),
        Result(f"burst {burst_count} time", burst_seconds, "s", burst_wire,
               "wire time of the burst"),
        Result("start-up → ready", ready, "s", bare, "bare Textual app to first screen"),
    ]
