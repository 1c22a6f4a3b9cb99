"""What the status bar shows: each device's connection, the backend, what waits to be sent.

Two threads report here: the engine's (device states, a completed sale) and the
sync worker's (backend reachability and queue lengths). The device states are
replaced, never mutated, so the sync thread's copy for its `StatusChanged` is
always a whole picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from devices.events import DeviceState
from pos.sync.card_reads import PendingCardReads
from pos.sync.outbox import Outbox
from pos.till.events import StatusChanged
from pos.till.session import TillSession
from pos.till.texts import T


class TillStatus:
    def __init__(self, session: TillSession, *, outbox: Outbox, card_reads: PendingCardReads,
                 device_states: Mapping[str, Any]) -> None:
        self.session = session
        self.outbox = outbox
        self.card_reads = card_reads
        self._devices = {name: getattr(state, "state", str(state))
                         for name, state in device_states.items()}
        self.backend_online: bool | None = None
        """None: not known yet (no request made)."""
        self._lost: set[str] = set()
        """Devices whose disconnection the cashier was told about."""

    def event(self) -> StatusChanged:
        return StatusChanged(devices=dict(self._devices), backend_online=self.backend_online,
                             outbox_pending=self.outbox.pending_count(),
                             card_reads_pending=self.card_reads.pending_count())

    def show(self) -> None:
        self.session.emit(self.event())

    def device_changed(self, event: DeviceState) -> None:
        """A device connected or went away (a pulled cable is told as a warning)."""
        previous = self._devices.get(event.device)
        self._devices = {**self._devices, event.device: event.state}
        if previous == "connected" and event.state != "connected":
            self._lost.add(event.device)
            self.session.notice("warning", T("disconnected_reconnecting", device=event.device),
                                "device_disconnected")
        elif event.state == "connected" and event.device in self._lost:
            self._lost.discard(event.device)  # the warning is over: say so, it must not linger
            self.session.notice("info", T("device_connected_again", device=event.device),
                                "device_connected")
        self.show()

    def sync_reported(self, online: bool | None, pending: int, card_reads: int) -> None:
        """From the sync worker's thread: the listener must be thread-safe for this one."""
        self.backend_online = online
        self.session.emit(StatusChanged(dict(self._devices), online, pending, card_reads))
