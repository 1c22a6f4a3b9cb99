"""The devices of the demo day: the virtual rig's real emulators, or an in-process stand-in.

`rig` (the default) starts the rig in-process (`devices.rig.Rig`: a payment
terminal emulator answering "approve" by itself, and a receipt printer, each on
its own pty) and the real `DeviceHub` on them, so every card payment and
refund crosses a serial line in the terminal's wire format and comes back as
the hub's `PaymentResult`, every receipt is printed on the printer emulator.
`stand-in` (no ptys needed) answers card requests in-process with the same
`PaymentResult` events and keeps printed receipts in a list.

Either way the device events reach the till as they do in the UI: put on the
till's event loop (`inbox`) and handed to `Till.handle_device_event`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from devices.events import PaymentResult
from pos.till.events import Notice, ReceiptReady

DEVICE_CHOICES = ("rig", "stand-in")


class DayListener:
    """The till's listener: receipt numbers of completed sales, warnings and refusals."""

    def __init__(self) -> None:
        self.completed: list[int] = []
        self.sale_ids: dict[int, str] = {}
        self.notices: list[str] = []

    def listen(self, event: Any) -> None:
        if isinstance(event, ReceiptReady) and event.receipt_number not in self.sale_ids:
            self.completed.append(event.receipt_number)  # a copy repeats a known number
            self.sale_ids[event.receipt_number] = event.sale_id
        elif isinstance(event, Notice) and event.level in ("warning", "error"):
            self.notices.append(event.text.en)


class StandInTerminal:
    """Records card requests; with `deliver`, approves each at once as a device event."""

    def __init__(self, deliver: Callable[[Any], None] | None = None) -> None:
        self.requests: list[tuple[str, int]] = []
        self._deliver = deliver

    def purchase(self, amount_ore: int, *, request_id: str) -> None:
        self._request(request_id, amount_ore, "purchase")

    def refund(self, amount_ore: int, *, request_id: str,
               original_transaction_id: str | None = None) -> None:
        self._request(request_id, amount_ore, "refund")

    def cancel(self) -> bool:
        return False

    def _request(self, request_id: str, amount_ore: int, kind: str) -> None:
        self.requests.append((request_id, amount_ore))
        if self._deliver is not None:
            n = len(self.requests)
            self._deliver(PaymentResult(
                device="payment", outcome="approved", amount_ore=amount_ore,
                transaction_id=f"SI-{n:06d}", masked_pan=f"************{4000 + n % 5000:04d}",
                reason=None, request_id=request_id, kind=kind))  # type: ignore[arg-type]


class StandInHub(DayListener):
    """The parts of the device hub the engine uses: a terminal and a printer (a list)."""

    def __init__(self, deliver: Callable[[Any], None] | None = None) -> None:
        super().__init__()
        self.payment = StandInTerminal(deliver)
        self.printed: list[str] = []
        self.barcodes: list[str | None] = []
        self.drawer_kicks = 0

    def print_receipt(self, text: str, *, barcode: str | None = None) -> None:
        """Like `DeviceHub.print_receipt`: the text, and the receipt's code if it has one."""
        self.printed.append(text)
        self.barcodes.append(barcode)

    def kick_drawer(self) -> None:
        """Like `DeviceHub.kick_drawer` (no sensor answers: the stand-in drawer stays shut)."""
        self.drawer_kicks += 1

    def show_customer(self, line1: str, line2: str) -> None:
        """Like `DeviceHub.show_customer` for a till without a display: nothing."""

    def states(self) -> dict[str, str]:
        return {"payment": "connected", "printer": "connected"}


@asynccontextmanager
async def day_devices(kind: str, inbox: asyncio.Queue, *, seed: int = 1
                      ) -> AsyncIterator[Any]:
    """The hub for the day; device events go to `inbox` on the running loop."""
    loop = asyncio.get_running_loop()

    def forward(event: Any) -> None:
        loop.call_soon_threadsafe(inbox.put_nowait, event)

    if kind == "stand-in":
        yield StandInHub(forward)
        return
    if kind != "rig":
        raise ValueError(f"devices must be one of {DEVICE_CHOICES}, not {kind!r}")
    from devices.hub import DeviceHub
    from devices.rig import Rig

    with tempfile.TemporaryDirectory(prefix="demo-day-rig-") as tmp:
        rig = Rig(tmp, devices=["terminal", "printer"], baud=921_600, auto_pay="approve",
                  terminal_step_delay=0.0, seed=seed, control=False).start()
        hub = DeviceHub.from_ports_file(rig.ports_file, on_event=forward, backoff=(0.02, 0.2))
        try:
            hub.start()
            await _connected(hub)
            yield hub
        finally:
            hub.stop()
            rig.stop()


async def _connected(hub: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = {name: getattr(s, "state", s) for name, s in hub.states().items()}
        if states and all(state == "connected" for state in states.values()):
            return
        await asyncio.sleep(0.02)
    raise RuntimeError(f"the rig's devices did not connect: {hub.states()}")
