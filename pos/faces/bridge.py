"""The one bridge between the engine (and its devices) and a Textual face.

    bridge = Bridge(app, engine=till, hub=hub)   # till, lane or handheld
    bridge.start()                                # engine thread, listener, devices
    bridge.send(till.void_line, 3)                # a command, in order, off the UI thread
    report = await bridge.call(till.x_report)     # a command whose answer the screen needs
    bridge.watch(screen)                          # the facts the app forwards, until unwatch
    bridge.claim(screen, messages.ScanReceived)   # scans to this screen, not the engine

Every face (cashier, lane, handheld) uses it the same way:

- the engine runs on an `EngineThread`: device events from the hub's reader
  threads and commands from the screens share its one inbox, so they apply in
  arrival order, and the durable journal commit never runs on the UI's loop;
- each engine event becomes one `pos.faces.messages` message, posted to the app
  (`post_message` is thread-safe) and handled with `@on(messages.SaleChanged)`;
  the app keeps what it must (the open sale, the status) and then `forward`s the
  message to every watching screen. App first, screens after: a screen that
  starts watching reads the app's state and misses nothing after it;
- a screen that wants raw input claims it: while the returns screen is open, a
  scanned receipt barcode goes to it as `ScanReceived` instead of into the sale.
  The newest claim wins; a claim ends with `release` (or the screen's unmount).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from textual.message_pump import MessagePump

from pos.faces import messages
from pos.faces.engine_thread import EngineThread


async def _drained(pump: MessagePump) -> None:
    """Wait until `pump` has handled every message queued before this call."""
    done = asyncio.Event()
    if pump.call_later(done.set):  # False: the pump is closed, nothing more will come
        with contextlib.suppress(TimeoutError):  # it closed meanwhile: nothing more either
            await asyncio.wait_for(done.wait(), timeout=60)


class FaceEngine(Protocol):
    """What the bridge needs of a till, a lane or a handheld."""

    def set_listener(self, listener: Callable[[Any], None] | None) -> None: ...

    def handle_device_event(self, event: Any) -> Awaitable[Any]: ...


class DeviceSource(Protocol):
    """The device hub, as far as the bridge uses it."""

    def set_on_event(self, callback: Callable[[Any], None] | None) -> None: ...

    def start(self) -> Any: ...

    def stop(self) -> None: ...


class Bridge:
    def __init__(self, app: MessagePump, *, engine: FaceEngine,
                 hub: DeviceSource | None = None, name: str = "engine") -> None:
        self.app = app
        self.engine = engine
        self.hub = hub
        self.thread = EngineThread(name)
        self._lock = threading.Lock()
        self._watchers: tuple[MessagePump, ...] = ()
        self._claims: tuple[tuple[MessagePump, frozenset[type]], ...] = ()

    # -- life cycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start the engine thread, then listen to the engine, then open the devices."""
        self.thread.start()
        self.engine.set_listener(self.publish)
        if self.hub is not None:
            self.hub.set_on_event(self._from_device)
            self.hub.start()

    async def stop(self, close: Callable[[], Any] | None = None) -> None:
        """Close the devices, run `close` (the engine's own) on the engine thread, end it."""
        if self.hub is not None:
            await asyncio.to_thread(self.hub.stop)
        self.engine.set_listener(None)
        if close is not None and self.thread.running:
            await self.call(close)
        await asyncio.to_thread(self.thread.stop)

    # -- commands -------------------------------------------------------------------------------

    def send(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` on the engine thread after what is queued; nobody waits for it."""
        self.thread.send(fn, *args)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn(*args)` on the engine thread and wait (without blocking the UI) for it."""
        return await asyncio.wrap_future(self.thread.submit(fn, *args))

    async def settle(self) -> None:
        """Wait until every command and device event queued so far has run, and what it
        said has reached the app and then the screens (tests, bench: no guessing pauses)."""
        await self.thread.settle()
        await _drained(self.app)  # the app handles the facts and forwards copies...
        with self._lock:
            targets = {*self._watchers, *(target for target, _ in self._claims)}
        for target in targets:  # ...which the screens then handle
            await _drained(target)

    # -- who hears what -------------------------------------------------------------------------

    def watch(self, target: MessagePump) -> None:
        """`target` (a screen) gets every engine fact from now on."""
        with self._lock:
            if target not in self._watchers:
                self._watchers = (*self._watchers, target)

    def unwatch(self, target: MessagePump) -> None:
        with self._lock:
            self._watchers = tuple(w for w in self._watchers if w is not target)
            self._claims = tuple(c for c in self._claims if c[0] is not target)

    def claim(self, target: MessagePump, *kinds: type[messages.Fact]) -> None:
        """Send facts of `kinds` to `target` only (device input: instead of the engine)."""
        with self._lock:
            self._claims = (*self._claims, (target, frozenset(kinds)))

    def release(self, target: MessagePump) -> None:
        with self._lock:
            self._claims = tuple(c for c in self._claims if c[0] is not target)

    def _claimant(self, kind: type) -> MessagePump | None:
        for target, kinds in reversed(self._claims):
            if kind in kinds:
                return target
        return None

    # -- facts ----------------------------------------------------------------------------------

    def publish(self, event: Any) -> None:
        """The engine's listener (its thread, or the sync worker's): the app hears it first."""
        kind = messages.MESSAGE_FOR.get(type(event))
        if kind is None:
            return
        claimant = self._claimant(kind)
        (claimant or self.app).post_message(kind(event))

    def forward(self, message: messages.Fact) -> None:
        """On the UI loop, after the app handled `message`: a copy to each watching screen."""
        for target in self._watchers:
            target.post_message(type(message)(message.event))

    def _from_device(self, event: Any) -> None:
        """A hub reader thread: claimed input goes to its screen, the rest to the engine."""
        kind = messages.MESSAGE_FOR.get(type(event))
        claimant = self._claimant(kind) if kind is not None else None
        if claimant is not None:
            claimant.post_message(kind(event))
            return
        if kind is messages.DeviceStateChanged:
            self.app.post_message(kind(event))
        self.thread.deliver(self.engine.handle_device_event, event)
