"""The one thread the engine lives on: a private asyncio loop and one inbox.

Why a thread of its own: every engine operation ends in a durable journal
commit (an fsync), and some talk to the member backend. On the UI's loop those
waits showed as a frozen screen (p99 scan → screen above 100 ms). Here the
engine runs one operation at a time, in arrival order, whoever asked for it:

- **commands** from a face (`submit`), each answered by a `concurrent.futures.Future`;
- **device events** from the hub's reader threads (`deliver`), with back-pressure:
  a reader blocks while `max_pending` events wait, so a burst of 2 000 scans
  waits on the serial line instead of piling up in memory.

Sync and async callables are both accepted; an async one is awaited on the
engine's loop, which is also the loop the engine's HTTP client belongs to.
Nothing here knows Textual: the headless driver uses it as the Textual faces do.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_STOP = object()


class EngineThreadStopped(RuntimeError):
    """Work was handed to an engine thread that is not running."""


class EngineThread:
    """Runs engine work one item at a time on its own thread and event loop."""

    def __init__(self, name: str = "engine", *, max_pending: int = 1_000) -> None:
        self.name = name
        self._slots = threading.BoundedSemaphore(max_pending)
        self._started = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._inbox: asyncio.Queue[Any] | None = None

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> EngineThread:
        if self._thread is not None:
            return self
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()
        self._started.wait()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Finish what is queued, then end the thread (idempotent)."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        if self._loop is not None and thread.is_alive():
            self._loop.call_soon_threadsafe(self._inbox.put_nowait, _STOP)
        thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def on_thread(self) -> bool:
        """Whether the caller is the engine thread itself."""
        return self._thread is not None and threading.current_thread() is self._thread

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._inbox = asyncio.Queue()
        self._started.set()
        while True:
            item = await self._inbox.get()
            if item is _STOP:
                break
            fn, args, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
                if inspect.isawaitable(result):
                    result = await result
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

    # -- work -----------------------------------------------------------------------------------

    def submit(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future:
        """Queue `fn(*args)` behind everything already queued; its future holds the result."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        if self._loop is None or self._stopping.is_set():
            future.set_exception(EngineThreadStopped(f"{self.name} is not running"))
            return future
        self._loop.call_soon_threadsafe(self._inbox.put_nowait, (fn, args, future))
        return future

    def send(self, fn: Callable[..., Any], *args: Any) -> concurrent.futures.Future:
        """`submit` for fire-and-forget: a failure is logged instead of lost."""
        future = self.submit(fn, *args)
        future.add_done_callback(_log_failure)
        return future

    def deliver(self, fn: Callable[[Any], Any], event: Any) -> None:
        """From a device reader thread: queue `fn(event)`, waiting while the inbox is full."""
        while not self._slots.acquire(timeout=0.1):
            if self._stopping.is_set():
                return  # shutting down: the event is dropped with the reader
        future = self.send(fn, event)
        future.add_done_callback(lambda _: self._slots.release())

    async def settle(self) -> None:
        """Wait (on another loop) until everything queued before this call has run."""
        await asyncio.wrap_future(self.submit(_nothing))


def _nothing() -> None:
    return None


def _log_failure(future: concurrent.futures.Future) -> None:
    if future.cancelled():
        return
    exc = future.exception()
    if exc is not None and not isinstance(exc, EngineThreadStopped):
        log.error("engine work failed", exc_info=exc)
