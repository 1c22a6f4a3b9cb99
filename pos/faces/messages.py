"""One Textual `Message` per fact the engine or a device tells the faces.

The bridge (`pos.faces.bridge`) turns each engine event and each device event a
screen asked for into the message of the same name and posts it to the app and
to the screens that watch; they handle it with `@on(messages.SaleChanged)`.
The table `MESSAGE_FOR` is the whole mapping, so no face writes an
`isinstance` switch over events. Messages do not bubble: every watcher gets its
own copy, posted to it directly.

Import the module, not the names (`from pos.faces import messages`): the
messages share their names with the engine's events on purpose.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message

from devices import events as device_events
from pos.handheld.handheld import HandheldChanged as HandheldChangedEvent
from pos.lane.state import LaneChanged as LaneChangedEvent
from pos.till import events as till_events


class Fact(Message, bubble=False):
    """A fact from the engine or a device; `event` is the engine's (or device's) own object."""

    def __init_subclass__(cls, **options: Any) -> None:
        options.setdefault("bubble", False)  # Textual's default would make each subclass bubble
        super().__init_subclass__(**options)

    def __init__(self, event: Any) -> None:
        super().__init__()
        self.event = event


# -- from the engine ----------------------------------------------------------------------------

class Notice(Fact):
    """Something to tell the person at the till (`event.text`, `event.level`, `event.code`)."""


class SessionChanged(Fact):
    """An operator logged in or out, or training mode switched."""


class SaleChanged(Fact):
    """The open sale changed (`event.sale` is its view, None when no sale is open)."""


class NeedsAgeCheck(Fact):
    """Lines with an age limit wait for the cashier's check."""


class UnknownCode(Fact):
    """A code the till could not place (offer a PLU or search)."""


class WeightNeeded(Fact):
    """A product sold by weight was chosen without a weight."""


class MemberChanged(Fact):
    """The sale's member changed or is being looked up."""


class PaymentProgress(Fact):
    """The card terminal or Coopay says how far a payment has come."""


class PaymentFinished(Fact):
    """A payment ended (`event.outcome`)."""


class ReceiptReady(Fact):
    """A sale or return closed and its receipt is printed."""


class QuantityArmed(Fact):
    """`3*` was typed: the next item comes that many times."""


class ReportReady(Fact):
    """An X or Z report (or a copy) is ready to show."""


class StatusChanged(Fact):
    """Backend, sync queue and devices as the status bar shows them.

    A newer status replaces an older one still waiting in the queue.
    """

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StatusChanged)


class LaneChanged(Fact):
    """The self-checkout lane moved to another step (or paused, or resumed)."""


class HandheldChanged(Fact):
    """The ShopExpress trip changed."""


# -- from the devices ---------------------------------------------------------------------------

class ScanReceived(Fact):
    """A barcode read, for a screen that claimed scans (the returns screen reads receipts)."""

    @property
    def data(self) -> str:
        return self.event.data


class CardRead(Fact):
    """A member card presented, for a screen that claimed card reads."""


class DeviceStateChanged(Fact):
    """A device connected, went away or failed (the engine is told as well)."""


MESSAGE_FOR: dict[type, type[Fact]] = {
    till_events.Notice: Notice,
    till_events.SessionChanged: SessionChanged,
    till_events.SaleChanged: SaleChanged,
    till_events.NeedsAgeCheck: NeedsAgeCheck,
    till_events.UnknownCode: UnknownCode,
    till_events.WeightNeeded: WeightNeeded,
    till_events.MemberChanged: MemberChanged,
    till_events.PaymentProgress: PaymentProgress,
    till_events.PaymentFinished: PaymentFinished,
    till_events.ReceiptReady: ReceiptReady,
    till_events.QuantityArmed: QuantityArmed,
    till_events.ReportReady: ReportReady,
    till_events.StatusChanged: StatusChanged,
    LaneChangedEvent: LaneChanged,
    HandheldChangedEvent: HandheldChanged,
    device_events.Scan: ScanReceived,
    device_events.CardRead: CardRead,
    device_events.DeviceState: DeviceStateChanged,
}
"""Event type → the message that carries it; one line per fact."""


def message_for(event: Any) -> Fact | None:
    """The message for `event`, or None for an event no face shows."""
    kind = MESSAGE_FOR.get(type(event))
    return kind(event) if kind is not None else None
