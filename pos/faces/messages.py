"""Textual messages that carry engine and device events into the UI's event loop.

Why wrappers: the engine and the device hub call back from other threads;
`App.post_message` is thread-safe, so each callback wraps its plain event in one
of these and the handlers run on the loop, the only place the sale is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from devices.events import Event as DeviceEvent
from pos.till.events import StatusChanged, TillEvent


@dataclass
class TillEventMessage(Message):
    """One engine event (`SaleChanged`, `Notice`, `PaymentProgress`, …) for the screens."""

    event: TillEvent


@dataclass
class DeviceEventMessage(Message):
    """One device event from a hub reader thread, to hand to the engine on the loop."""

    event: DeviceEvent


@dataclass
class StatusMessage(Message):
    """The latest status; a newer one replaces an older one still in the queue."""

    status: StatusChanged

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StatusMessage)
