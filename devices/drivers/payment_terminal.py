"""Payment terminal driver and the till's handle on it (`PaymentTerminal`).

The till calls `purchase(amount_ore, request_id)`, `refund(…)` or `cancel()`; they
return at once (the frame is queued for the link's thread) and everything after
arrives as events: `PaymentPrompt`s while the customer acts, then exactly one
`PaymentResult` for the request. The driver runs the link layer of the protocol
(devices.payment): ACK/NAK, resending a frame that was NAKed or not ACKed within
`ack_timeout` (at most `retries` times), and resending an unacknowledged request
after a reconnect.

Till-side timeouts, because a terminal may never answer: if nothing (no prompt, no
result) comes for `response_timeout` seconds the request ends as `timeout`
(reason_code NO_ANSWER) and a cancel is sent to the terminal. After `cancel()` the
terminal has `cancel_timeout` seconds to confirm; without a confirmation the
request ends as `timeout` (CANCEL_UNCONFIRMED), because the money state is
unknown. A result that arrives after the till gave up is still delivered with its
`request_id` so the till can see a late approval and refund it.

Options: response_timeout (90 s), ack_timeout (1 s), retries (3), cancel_timeout (10 s).
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from devices import payment
from devices.config import DeviceSpec, PortSettings
from devices.drivers.base import Driver, LinkIO, RequestHandle, option_seconds
from devices.errors import ConfigError, DeviceNotConnected, PaymentBusy
from devices.events import DecodeError, Event, PaymentKind, PaymentPrompt, PaymentResult
from devices.framing import Framer, Garbage, Piece, StxEtxFramer

ACK, NAK = bytes([payment.ACK]), bytes([payment.NAK])
REASONS = {
    "NO_ANSWER": "Terminalen svarte ikke",
    "LINK_ERROR": "Terminalen tok ikke imot forespørselen",
    "CANCEL_UNCONFIRMED": "Terminalen bekreftet ikke avbrytelsen",
}


@dataclass
class _Pending:
    request_id: str
    kind: PaymentKind
    amount_ore: int
    deadline: float
    cancel_sent: bool = False


@dataclass
class _Outgoing:
    frame: bytes
    request_id: str
    sent_at: float
    tries: int = 1


class PaymentTerminalDriver(Driver):
    kind = "payment_terminal"
    options_known = ("response_timeout", "ack_timeout", "retries", "cancel_timeout")

    def __init__(self, spec: DeviceSpec) -> None:
        super().__init__(spec)
        self.response_timeout = option_seconds(spec, "response_timeout", 90.0)
        self.ack_timeout = option_seconds(spec, "ack_timeout", 1.0)
        self.cancel_timeout = option_seconds(spec, "cancel_timeout", 10.0)
        retries = spec.options.get("retries", 3)
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise ConfigError(f"device {spec.name}: retries must be a whole number ≥ 0")
        self.retries = retries
        self._lock = threading.Lock()
        self._pending: _Pending | None = None
        self._outgoing: _Outgoing | None = None
        self._kinds: OrderedDict[str, PaymentKind] = OrderedDict()  # recent ids, for late results

    def make_framer(self, port: PortSettings) -> Framer:
        return StxEtxFramer(
            trailer=1,
            passthrough=ACK + NAK,
            max_len=payment.MAX_BODY + 3,
            gap=self.gap(port, minimum=0.2, byte_times=20),
        )

    # -- the till's requests (any thread) -------------------------------------

    @property
    def pending_request_id(self) -> str | None:
        with self._lock:
            return self._pending.request_id if self._pending else None

    def start(self, link: LinkIO, kind: PaymentKind, message: payment.Message) -> str:
        with self._lock:
            if self._pending is not None:
                raise PaymentBusy(f"payment {self._pending.request_id} is still running")
            if not link.connected:
                raise DeviceNotConnected(f"{link.name} is not connected")
            now = time.monotonic()
            self._pending = _Pending(
                message.request_id, kind, message.amount_ore, now + self.response_timeout
            )
            self._remember(message.request_id, kind)
            try:
                self._send(link, message, now)
            except DeviceNotConnected:
                self._pending = self._outgoing = None
                raise
        return message.request_id

    def cancel(self, link: LinkIO) -> bool:
        """Ask the terminal to stop the running request; False when none is running."""
        with self._lock:
            pending = self._pending
            if pending is None:
                return False
            now = time.monotonic()
            pending.cancel_sent = True
            pending.deadline = min(pending.deadline, now + self.cancel_timeout)
            # unplugged: the deadline ends it if the terminal does not come back in time
            with contextlib.suppress(DeviceNotConnected):
                self._send(link, payment.cancel(pending.request_id), now)
        return True

    def _send(self, link: LinkIO, message: payment.Message, now: float) -> None:
        frame = payment.encode_message(message)
        self._outgoing = _Outgoing(frame, message.request_id, now)
        link.write(frame)

    def _remember(self, request_id: str, kind: PaymentKind) -> None:
        self._kinds[request_id] = kind
        while len(self._kinds) > 64:
            self._kinds.popitem(last=False)

    # -- the link's thread ----------------------------------------------------

    def handle(self, piece: Piece, link: LinkIO) -> None:
        if isinstance(piece, Garbage):
            super().handle(piece, link)
            return
        if piece.raw in (ACK, NAK):
            with self._lock:
                events = self._on_nak(link) if piece.raw == NAK else self._on_ack()
            self._emit(link, events)
            return
        message = payment.decode_frame(piece.raw, device=link.name)
        if isinstance(message, DecodeError):
            link.write(NAK)
            link.emit(message)
            return
        link.write(ACK)
        with self._lock:
            events = self._on_message(message, link)
        self._emit(link, events)

    def on_connected(self, link: LinkIO) -> None:
        with self._lock:
            out = self._outgoing
            if out is not None:  # sent just before the line dropped, maybe never arrived
                out.sent_at = time.monotonic()
                link.write(out.frame)

    def tick(self, now: float, link: LinkIO) -> None:
        events: list[Event] = []
        with self._lock:
            out = self._outgoing
            if out is not None and link.connected and now - out.sent_at > self.ack_timeout:
                events += self._retransmit(link, now)
            pending = self._pending
            if pending is not None and now >= pending.deadline:
                code = "CANCEL_UNCONFIRMED" if pending.cancel_sent else "NO_ANSWER"
                events.append(self._end(link, pending, code))
                with contextlib.suppress(DeviceNotConnected):  # tell the terminal to stop
                    link.write(payment.encode_message(payment.cancel(pending.request_id)))
        self._emit(link, events)

    def _on_ack(self) -> list[Event]:
        self._outgoing = None
        return []

    def _on_nak(self, link: LinkIO) -> list[Event]:
        return self._retransmit(link, time.monotonic()) if self._outgoing else []

    def _retransmit(self, link: LinkIO, now: float) -> list[Event]:
        out = self._outgoing
        assert out is not None
        if out.tries > self.retries:
            self._outgoing = None
            pending = self._pending
            if (
                pending is not None
                and pending.request_id == out.request_id
                and not pending.cancel_sent
            ):
                return [self._end(link, pending, "LINK_ERROR")]
            return []
        out.tries += 1
        out.sent_at = now
        link.write(out.frame)
        return []

    def _end(self, link: LinkIO, pending: _Pending, code: str) -> PaymentResult:
        self._pending = None
        self._outgoing = None
        return PaymentResult(
            device=link.name,
            outcome="timeout",
            amount_ore=pending.amount_ore,
            transaction_id=None,
            masked_pan=None,
            reason=REASONS[code],
            request_id=pending.request_id,
            kind=pending.kind,
            reason_code=code,
        )

    def _on_message(self, message: payment.Message, link: LinkIO) -> list[Event]:
        pending = self._pending
        ours = pending is not None and pending.request_id == message.request_id
        if message.type == "PRM":
            if not ours:
                return []
            pending.deadline = max(pending.deadline, time.monotonic() + self.response_timeout)  # type: ignore[union-attr]
            return [
                PaymentPrompt(
                    device=link.name,
                    text_code=message.fields["code"],
                    text=message.fields["text"],
                    request_id=message.request_id,
                )
            ]
        if message.type != "RES":
            return [
                DecodeError(
                    device=link.name, raw=b"", reason=f"a terminal never sends {message.type}"
                )
            ]
        if ours:
            self._pending = None
            if self._outgoing and self._outgoing.request_id == message.request_id:
                self._outgoing = None
        return [
            PaymentResult(
                device=link.name,
                outcome=message.fields["outcome"].lower(),  # type: ignore[arg-type]
                amount_ore=message.amount_ore,
                transaction_id=message.get("txn"),
                masked_pan=_masked(message.get("pan")),
                reason=message.get("text"),
                request_id=message.request_id,
                kind=self._kinds.get(message.request_id, "purchase"),
                reason_code=message.get("code"),
            )
        ]

    @staticmethod
    def _emit(link: LinkIO, events: list[Event]) -> None:
        for event in events:
            link.emit(event)


def _masked(pan: str | None) -> str | None:
    """Keep at most the last four characters, whatever the terminal sent."""
    if not pan:
        return None
    return "*" * max(0, len(pan) - 4) + pan[-4:]


class PaymentTerminal(RequestHandle):
    """The till's handle on one payment terminal (`hub.payment`)."""

    _driver: PaymentTerminalDriver

    def purchase(self, amount_ore: int, request_id: str | None = None) -> str:
        """Start a card purchase; returns the request id. PaymentBusy / DeviceNotConnected."""
        request_id = request_id or uuid.uuid4().hex
        return self._driver.start(self._link, "purchase", payment.purchase(request_id, amount_ore))

    def refund(
        self,
        amount_ore: int,
        request_id: str | None = None,
        original_transaction_id: str | None = None,
    ) -> str:
        request_id = request_id or uuid.uuid4().hex
        message = payment.refund(request_id, amount_ore, original_transaction_id)
        return self._driver.start(self._link, "refund", message)

    def cancel(self) -> bool:
        return self._driver.cancel(self._link)

    def status(self, amount_ore: int, request_id: str) -> str:
        """Ask what became of `request_id` (sent before a restart); the answer comes as the
        usual PaymentPrompt / PaymentResult events for that id."""
        return self._driver.start(self._link, "purchase", payment.status(request_id, amount_ore))
