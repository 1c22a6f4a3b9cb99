"""Helpers for the till engine's functional tests: real rig, real backend, real engine.

`EngineHarness` runs a `Till` in the test's event loop exactly as the UI does:
device events from the hub's reader threads are forwarded into the loop and
handed to the engine there, one at a time. `HeadlessTill` runs the engine in a
child process (`python -m pos.faces.headless`) so a test can SIGKILL it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from devices.hub import DeviceHub
from pos.config import TillConfig
from pos.till import Till
from tests.fixtures.waiting import until

OSLO = ZoneInfo("Europe/Oslo")


def weekday_noon_clock():
    """Real time moved to the latest Monday–Friday at 12:00 Oslo, ticking on (beer is sellable)."""
    now = datetime.now(OSLO)
    day = now
    while day.weekday() > 4:
        day -= timedelta(days=1)
    shift = day.replace(hour=12, minute=0, second=0, microsecond=0) - now
    return lambda: datetime.now(OSLO) + shift


class EngineHarness:
    def __init__(self, config: TillConfig, ports_file: Path | None, *, sync: bool = True,
                 clock=None, settings=None, **sync_options) -> None:
        self.events: list = []
        self._queue: asyncio.Queue | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.hub = (DeviceHub.from_ports_file(ports_file, on_event=self._from_thread)
                    if ports_file else None)
        self.till = Till.open(config, listener=self.events.append, hub=self.hub,
                              clock=clock or weekday_noon_clock(), settings=settings)
        self._sync = sync
        self._sync_options = sync_options
        self._task: asyncio.Task | None = None

    def _from_thread(self, event) -> None:
        assert self._loop is not None and self._queue is not None
        self._loop.call_soon_threadsafe(self._queue.put_nowait, event)

    async def __aenter__(self) -> EngineHarness:
        self._loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        self.till.start(sync=False)
        if self._sync:
            self.till.start_sync(**self._sync_options)
        if self.hub is not None:
            self.hub.start()
        self._task = asyncio.create_task(self._pump())
        if self.hub is not None:  # a swipe before its reader listens would be half read
            hub = self.hub
            await self.until(lambda: all(s.state == "connected" for s in hub.states().values()),
                             what="every device connected")
        return self

    async def _pump(self) -> None:
        assert self._queue is not None
        while True:
            event = await self._queue.get()
            await self.till.handle_device_event(event)

    async def __aexit__(self, *exc) -> None:
        if self._task is not None:
            self._task.cancel()
        if self.hub is not None:
            self.hub.stop()
        await self.till.aclose()

    async def until(self, predicate, timeout: float = 15.0, what: str = "the condition"):
        """Wait (on the loop, so device events keep flowing) until `predicate()` is truthy."""
        def recent() -> str:
            return "last events:\n  " + "\n  ".join(repr(e)[:200] for e in self.events[-12:])

        return await until(None, predicate, timeout, what, describe=recent)

    def last(self, cls):
        found = [e for e in self.events if isinstance(e, cls)]
        return found[-1] if found else None

    def lines(self) -> int:
        sale = self.till.sale
        return len(sale.lines) if sale else 0


# -- the member's phone, as the app does it --------------------------------------------------


def login_sms(base_url: str, phone: str) -> str:
    """The app's SMS login with the code read from the backend's dev outbox: a session token."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        started = http.post("/app/v1/login/sms", json={
            "phone": phone, "device_id": f"test-{uuid.uuid4().hex[:8]}"})
        assert started.status_code == 202, started.text
        messages = http.get("/dev/v1/outbox", params={"phone": phone, "limit": 500}).json()
        code = re.search(r"\b(\d{6})\b", [m for m in messages if m["kind"] == "otp"][-1]["body"])
        verified = http.post("/app/v1/login/sms/verify", json={
            "challenge_id": started.json()["challenge_id"], "code": code[1]})
        assert verified.status_code == 200, verified.text
        return verified.json()["session_token"]


def legacy_session(base_url: str, phone: str) -> str:
    """An old-style app session (before the new login), as members had before the campaign."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        response = http.post("/dev/v1/sessions/legacy", json={
            "phone": phone, "device_id": f"old-{uuid.uuid4().hex[:8]}",
            "device_name": "old phone"})
        assert response.status_code in (200, 201), response.text
        return response.json()["session_token"]


def coopay_qr(base_url: str, session_token: str) -> str:
    with httpx.Client(base_url=base_url, timeout=30,
                      headers={"Authorization": f"Bearer {session_token}"}) as http:
        response = http.post("/app/v1/coopay/tokens")
        assert response.status_code == 201, response.text
        return response.json()["qr_payload"]


def account(base_url: str, session_token: str) -> dict:
    with httpx.Client(base_url=base_url, timeout=30,
                      headers={"Authorization": f"Bearer {session_token}"}) as http:
        response = http.get("/app/v1/account")
        assert response.status_code == 200, response.text
        return response.json()


# -- the till in a child process -------------------------------------------------------------


class HeadlessTill:
    """`python -m pos.faces.headless` as a child: send commands, read its JSON lines, kill it."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env = {k: v for k, v in env.items() if not k.startswith("POS_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pos.faces.headless", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, cwd=cwd, env=env,
        )
        self.out: list[dict] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            with self._cond:
                self.out.append(json.loads(raw))
                self._cond.notify_all()

    def wait_for(self, predicate, timeout: float = 20.0, what: str = "output") -> dict:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for item in self.out:
                    if predicate(item):
                        return item
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    tail = "\n  ".join(json.dumps(o)[:200] for o in self.out[-10:])
                    err = self.process.stderr.read() if self.process.poll() is not None else ""
                    raise AssertionError(f"no {what} within {timeout} s:\n  {tail}\n{err}")
                self._cond.wait(min(left, 0.2))

    def send(self, command: str, timeout: float = 20.0) -> dict:
        """Send a command and wait until the till says it is done."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.wait_for(lambda o: o.get("done") == command, timeout, f"done {command!r}")

    def latest_sale(self) -> dict | None:
        with self._cond:
            changes = [o for o in self.out if o.get("event") == "SaleChanged"]
        return changes[-1]["sale"] if changes else None

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._reader.join(timeout=5)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(AssertionError, BrokenPipeError, OSError):
                self.send("quit", timeout=10)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def till_config(server, data_dir: Path, ports: Path | None) -> TillConfig:
    """A till configured for the test backend `server` and the rig's ports file."""
    return TillConfig(
        ports=ports, backend=server.base_url, terminal_key=server.terminal_key,
        store=str(server.store), register=str(server.register), data_dir=data_dir,
    )
