"""What the till engine talks to, as Protocols: the devices, the member backend, the sync worker.

Why Protocols: the engine depends on what it needs from each (a payment
terminal that takes a purchase, a printer that takes text, a backend that looks
up a member), not on `devices.hub.DeviceHub` or `pos.sync.client.TerminalClient`
themselves. The real ones satisfy these structurally; the demo day's stand-in
hub (`pos.tools.demo_devices.StandInHub`) does too. The journal is the engine's
own durable state and passed as `pos.journal.Journal`; the clock is
`pos.domain.clock.Clock` (a callable giving an aware datetime).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from pos.sync.outbox import OutboxItem
from pos.till.events import TillEvent

Listener = Callable[[TillEvent], None]
"""Receives every engine event; called on the engine's thread (StatusChanged also from the
sync worker's thread), so a UI forwards with a thread-safe call."""


class PaymentTerminalPort(Protocol):
    """The bank-card terminal: a request now, its one result later as a device event."""

    def purchase(self, amount_ore: int, *, request_id: str) -> object: ...

    def refund(self, amount_ore: int, *, request_id: str,
               original_transaction_id: str | None = None) -> object: ...

    def cancel(self) -> object: ...

    def status(self, amount_ore: int, request_id: str) -> object: ...


class DevicePort(Protocol):
    """The till's devices (`devices.hub.DeviceHub`): beeps, the payment terminal, the printer."""

    @property
    def payment(self) -> PaymentTerminalPort: ...

    def send(self, device: str, command: str) -> None: ...

    def print_receipt(self, text: str, *, barcode: str | None = None) -> None: ...

    def kick_drawer(self) -> None: ...

    def show_customer(self, line1: str, line2: str) -> None: ...

    def states(self) -> Mapping[str, Any]: ...


class MemberBackend(Protocol):
    """The member backend's terminal API (`pos.sync.client.TerminalClient`).

    Answers are dicts from the backend's JSON; a refusal raises
    `pos.sync.client.BackendProblem`, an outage `BackendUnavailable`.
    """

    base_url: str
    terminal_key: str

    async def lookup_member(self, *, card_number: str | None = None, uid: str | None = None,
                            barcode: str | None = None) -> dict: ...

    async def authorise_coopay(self, *, qr_payload: str, amount_ore: int, purchase_id: str,
                               idempotency_key: str) -> dict: ...

    async def refund_coopay(self, *, payment_reference: str, amount_ore: int,
                            idempotency_key: str, purchase_id: str | None = None) -> dict: ...

    async def aclose(self) -> None: ...


class SyncPort(Protocol):
    """The background sync worker (`pos.sync.worker.SyncWorker`)."""

    def start(self) -> object: ...

    def wake(self) -> None: ...

    def stop(self, timeout: float = 10.0) -> None: ...

    def wait_answered(self, purchase_id: str, timeout: float,
                      lookup: Callable[[str], OutboxItem | None]) -> Mapping[str, Any] | None:
        ...

class ScalePort(Protocol):
    """The till's weighing scale (`devices.drivers.scale.Scale`): a request now, its readings
    later as device events (`devices.scale.ScaleReading`, exactly one final per request)."""

    @property
    def connected(self) -> bool: ...

    def weigh(self, unit_price_ore: int, *, tare_g: int | None = None,
              request_id: str | None = None) -> str: ...

    def cancel(self) -> bool: ...


class ScaleSource(Protocol):
    """A hub that may have scales (`DeviceHub.scale`); UnknownDevice when it has none."""

    def scale(self, device: str | None = None) -> ScalePort: ...
