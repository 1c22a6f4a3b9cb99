"""Scale driver (Dialog 06): the till's weighing requests and a watched bagging-area scale.

Two modes (ports file option `mode`):

- `request` (the till's weighing scale): `Scale.weigh(unit_price_ore, tare_g, request_id)`
  sends record 01/03, and after the ACK asks for the result (EOT ENQ). A record 02
  ends the request as `stable`; a NAK is explained by record 08/09. While the scale
  says "in motion" (20, 22) the driver asks again every `poll_interval` and emits
  one non-final `unstable` reading, until `stable_timeout` ends the request as
  `unstable`. Exactly one final `ScaleReading` per request, always: a scale that
  does not answer within `response_timeout` ends it as `no_answer`, an unplugged
  one too (its deadline keeps ticking while the link reconnects).
- `watch` (the lane's bagging-area scale): the same dialogue at unit price 0, run
  again every `poll_interval` while connected; a `ScaleReading` (request_id None,
  final) is emitted whenever the status or the weight changes.

Each answer of the scale is closed with EOT, as the protocol asks.

Options: mode (request), response_timeout (1 s), stable_timeout (10 s),
poll_interval (0.2 s).
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from dataclasses import dataclass

from devices import scale
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, RequestHandle, option_choice, option_seconds
from devices.errors import DeviceBusy, DeviceNotConnected
from devices.events import DecodeError, Event
from devices.framing import Framer, Garbage, Piece, StxEtxFramer
from devices.scale import ScaleReading

Phase = str  # "price" (record sent, awaiting ACK), "result" (ENQ sent), "status" (08 sent),
# "pause" (waiting to ask again)


@dataclass
class _Dialog:
    request_id: str | None
    unit_price_ore: int
    tare_g: int | None
    ends_at: float | None  # the stable-weight deadline (None: watch mode)
    phase: Phase = "price"
    sent_at: float = 0.0
    resume_at: float = 0.0
    told_unstable: bool = False


class ScaleDriver(Driver):
    kind = "scale"
    options_known = ("mode", "response_timeout", "stable_timeout", "poll_interval")

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self.mode = option_choice(spec, "mode", ("request", "watch"), "request")
        self.response_timeout = option_seconds(spec, "response_timeout", 1.0)
        self.stable_timeout = option_seconds(spec, "stable_timeout", 10.0)
        self.poll_interval = option_seconds(spec, "poll_interval", 0.2)
        self._lock = threading.Lock()
        self._dialog: _Dialog | None = None
        self._last_watch: tuple[str, int | None] | None = None

    def make_framer(self, port: PortSettings) -> Framer:
        return StxEtxFramer(passthrough=bytes([scale.ACK, scale.NAK]), max_len=scale.MAX_FRAME,
                            gap=self.gap(port, minimum=0.2, byte_times=20))

    # -- the till's requests (any thread) ---------------------------------------------------

    @property
    def pending_request_id(self) -> str | None:
        with self._lock:
            dialog = self._dialog
            return dialog.request_id if dialog is not None and self.mode == "request" else None

    def weigh(self, link: LinkIO, unit_price_ore: int, tare_g: int | None,
              request_id: str) -> str:
        if self.mode != "request":
            raise DeviceBusy(f"{link.name} is watched continuously; it takes no requests")
        frame = scale.encode_request(scale.SetPrice(unit_price_ore, tare_g or None))
        with self._lock:
            if self._dialog is not None:
                raise DeviceBusy(f"{link.name} is still weighing ({self._dialog.request_id})")
            if not link.connected:
                raise DeviceNotConnected(f"{link.name} is not connected")
            now = time.monotonic()
            self._dialog = _Dialog(request_id, unit_price_ore, tare_g or None,
                                   now + self.stable_timeout, sent_at=now)
            try:
                link.write(frame)
            except DeviceNotConnected:
                self._dialog = None
                raise
        return request_id

    def cancel(self, link: LinkIO) -> bool:
        """Stop waiting for the running request; its final reading says `cancelled`."""
        with self._lock:
            dialog = self._dialog
            if dialog is None or self.mode != "request":
                return False
            self._dialog = None
        link.emit(self._reading(link, dialog, "cancelled", detail="cancelled by the till"))
        return True

    # -- the link's thread --------------------------------------------------------------------

    def on_connected(self, link: LinkIO) -> None:
        with self._lock:
            dialog = self._dialog
            if dialog is not None:  # the line dropped mid-dialogue: start it again
                self._send(link, dialog, "price", time.monotonic())

    def handle(self, piece: Piece, link: LinkIO) -> None:
        if isinstance(piece, Garbage):
            super().handle(piece, link)
            return
        message = scale.decode_frame(piece.raw, device=link.name)
        if isinstance(message, DecodeError):
            link.emit(message)
            return
        with self._lock:
            events = self._on_message(link, message, time.monotonic())
        for event in events:
            link.emit(event)

    def tick(self, now: float, link: LinkIO) -> None:
        events: list[Event | ScaleReading] = []
        with self._lock:
            dialog = self._dialog
            if dialog is None:
                if self.mode == "watch" and link.connected:
                    self._dialog = dialog = _Dialog(None, 0, None, None)
                    self._send(link, dialog, "price", now)
            elif dialog.phase == "pause":
                if now >= dialog.resume_at and link.connected:
                    self._send(link, dialog, "result" if dialog.ends_at else "price", now)
            elif now - dialog.sent_at > self.response_timeout:
                events += self._end(link, dialog, "no_answer",
                                    detail=f"no answer within {self.response_timeout:g} s")
            if self._dialog is dialog and dialog is not None and dialog.ends_at is not None \
                    and now >= dialog.ends_at:
                events += self._end(link, dialog, "unstable",
                                    detail=f"no stable weight within {self.stable_timeout:g} s")
        for event in events:
            link.emit(event)

    # -- the dialogue (under the lock) ----------------------------------------------------------

    def _send(self, link: LinkIO, dialog: _Dialog, phase: Phase, now: float) -> None:
        requests = {"price": scale.SetPrice(dialog.unit_price_ore, dialog.tare_g),
                    "result": scale.Enquiry(), "status": scale.StatusRequest()}
        dialog.phase, dialog.sent_at = phase, now
        with contextlib.suppress(DeviceNotConnected):  # the deadline ends it if it stays away
            link.write(scale.encode_request(requests[phase]))

    def _close_answer(self, link: LinkIO) -> None:
        with contextlib.suppress(DeviceNotConnected):
            link.write(scale.encode_request(scale.EndOfAnswer()))

    def _on_message(self, link: LinkIO, message: scale.ScaleMessage,
                    now: float) -> list[Event | ScaleReading]:
        dialog = self._dialog
        if dialog is None or dialog.phase == "pause":
            return [DecodeError(link.name, scale.encode_answer(message),
                                "an answer from the scale nobody asked for")]
        if isinstance(message, scale.Ack) and dialog.phase == "price":
            self._send(link, dialog, "result", now)
            return []
        if isinstance(message, scale.Nak):
            self._send(link, dialog, "status", now)
            return []
        if isinstance(message, scale.WeighResult) and dialog.phase == "result":
            self._close_answer(link)
            if message.unit != scale.UNIT_KG:
                return self._end(link, dialog, "refused", detail="the scale does not weigh in kg")
            return self._end(link, dialog, "stable", weight_g=message.weight_g,
                             unit_price_ore=message.unit_price_ore, price_ore=message.price_ore)
        if isinstance(message, scale.StatusAnswer) and dialog.phase == "status":
            self._close_answer(link)
            return self._on_status(link, dialog, message, now)
        return [DecodeError(link.name, scale.encode_answer(message),
                            f"unexpected {type(message).__name__} while waiting ({dialog.phase})")]

    def _on_status(self, link: LinkIO, dialog: _Dialog, answer: scale.StatusAnswer,
                   now: float) -> list[Event | ScaleReading]:
        status = scale.STATUS_OF_CODE.get(answer.code, "refused")
        if status == "unstable" and dialog.ends_at is not None:
            dialog.phase, dialog.resume_at = "pause", now + self.poll_interval
            if dialog.told_unstable:
                return []
            dialog.told_unstable = True
            return [self._reading(link, dialog, "unstable", final=False, detail=answer.text)]
        return self._end(link, dialog, status, detail=answer.text)

    def _end(self, link: LinkIO, dialog: _Dialog, status: scale.ReadingStatus,
             **values) -> list[Event | ScaleReading]:
        reading = self._reading(link, dialog, status, **values)
        if self.mode == "request":
            self._dialog = None
            return [reading]
        # watch: the next round after a pause; tell only what changed
        dialog.phase, dialog.resume_at = "pause", time.monotonic() + self.poll_interval
        seen = (status, reading.weight_g)
        if seen == self._last_watch:
            return []
        self._last_watch = seen
        return [reading]

    @staticmethod
    def _reading(link: LinkIO, dialog: _Dialog, status: scale.ReadingStatus, *,
                 final: bool = True, **values) -> ScaleReading:
        return ScaleReading(device=link.name, status=status, request_id=dialog.request_id,
                            final=final, **values)


class Scale(RequestHandle):
    """The till's handle on one scale (`hub.scale()`)."""

    _driver: ScaleDriver

    def weigh(self, unit_price_ore: int, *, tare_g: int | None = None,
              request_id: str | None = None) -> str:
        """Ask for a certified weight at this price per kg; the answer comes as ScaleReadings.

        DeviceBusy while another weighing runs, DeviceNotConnected while unplugged,
        ValueError for a price or tare the protocol cannot carry.
        """
        return self._driver.weigh(self._link, unit_price_ore, tare_g,
                                  request_id or uuid.uuid4().hex)

    def cancel(self) -> bool:
        return self._driver.cancel(self._link)
