"""The emulated payment terminal: the other side of the CPT/1 protocol (devices.payment).

After a purchase or refund request it ACKs, shows "Sett inn kort", and then waits
for an instruction from the tester (`pos-devices pay approve|decline|timeout|cancel|
silent`), which may also be queued before the request arrives. `--auto-pay approve`
answers every request on its own (demos). With no instruction the terminal gives
up after its own `timeout` and answers TIMEOUT, as a real one does when no card
comes.

- approve: "Tast PIN", "Vennligst vent", APPROVED with a transaction id and a
  masked test card number;
- decline: the same prompts, then DECLINED;
- cancel: the customer pressed cancel: CANCELLED;
- timeout: TIMEOUT right away (the customer walked off);
- silent: the terminal hangs and never answers this request (the till's own
  timeout must handle it).

A status query (`STA`, after a till restart) gets the request's result again, a
prompt if it still runs, or UNKNOWN if the terminal never got it. A cancel from the
till ends the running request with CANCELLED. A second request
while one is running is DECLINED with code BUSY. A repeated request (same id: the
till resending after a lost ACK) is ignored. Frames with a bad LRC are NAKed; a
NAK from the till makes the terminal resend its last frame (at most 3 times).
"""

from __future__ import annotations

import contextlib
import random
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from devices import payment
from devices.config import PortSettings
from devices.errors import RigError
from devices.events import DecodeError
from devices.framing import Frame, StxEtxFramer
from devices.rig.emulators import NoisyEmulator
from devices.rig.vport import VirtualPort

OUTCOMES = ("approve", "decline", "timeout", "cancel", "silent")
PROMPTS = {
    "INSERT_CARD": "Sett inn kort",
    "ENTER_PIN": "Tast PIN",
    "PROCESSING": "Vennligst vent",
}
TEST_CARDS = ("4111111111111111", "5555555555554444", "4000056655665556", "2223003122003222")
ACK, NAK = bytes([payment.ACK]), bytes([payment.NAK])
MAX_RESENDS = 3
MAX_RESULTS = 100
"""Finished requests the terminal can still answer a status query about."""


@dataclass
class _Txn:
    request_id: str
    kind: str
    amount_ore: int
    deadline: float
    steps: deque = field(default_factory=deque)  # (due, kind, args)
    outcome: str | None = None


class TerminalEmulator(NoisyEmulator):
    kind = "payment_terminal"

    def __init__(
        self,
        name: str,
        port: VirtualPort,
        settings: PortSettings,
        rng: random.Random,
        *,
        auto: str | None = None,
        timeout: float = 60.0,
        step_delay: float = 0.3,
    ) -> None:
        super().__init__(name, port, settings, rng)
        if auto is not None and auto not in OUTCOMES:
            raise RigError(f"auto outcome must be one of {OUTCOMES}")
        self.auto = auto
        self.timeout = timeout
        self.step_delay = step_delay
        self.outcomes: deque[str] = deque()
        self.current: _Txn | None = None
        self.last_result: dict[str, Any] | None = None
        self.counts = {"requests": 0, "bad_frames": 0, "naks_received": 0}
        self._framer = StxEtxFramer(trailer=1, passthrough=ACK + NAK, max_len=payment.MAX_BODY + 3)
        self._last_frame: bytes | None = None
        self._resends = 0
        self._seq = 0
        self.results: OrderedDict[str, payment.Message] = OrderedDict()

    # -- control --------------------------------------------------------------

    def pay(self, outcome: str) -> dict[str, Any]:
        if outcome not in OUTCOMES:
            raise RigError(f"pay takes one of {', '.join(OUTCOMES)}, not {outcome!r}")
        self.outcomes.append(outcome)
        self._resolve(time.monotonic())
        return {
            "queued": list(self.outcomes),
            "pending": self.current.request_id if self.current else None,
            "applied_to": self.current.request_id
            if self.current and self.current.outcome
            else None,
        }

    def status(self) -> dict[str, Any]:
        current = self.current
        return {
            **super().status(),
            "auto": self.auto,
            "timeout": self.timeout,
            "queued_outcomes": list(self.outcomes),
            "pending": None
            if current is None
            else {
                "request_id": current.request_id,
                "kind": current.kind,
                "amount_ore": current.amount_ore,
            },
            "last_result": self.last_result,
            **self.counts,
        }

    # -- wire -----------------------------------------------------------------

    def _transmit(self, frame: bytes, *, remember: bool = True) -> None:
        if remember:
            self._last_frame, self._resends = frame, 0
        with contextlib.suppress(RigError):  # unplugged: lost, as on a real cable
            self.send(frame)

    def _say(self, message: payment.Message) -> None:
        self._transmit(payment.encode_message(message))

    def on_input(self, data: bytes) -> None:
        for piece in self._framer.feed(data, time.monotonic()):
            if isinstance(piece, Frame):
                self._on_frame(piece.raw)

    def on_tick(self, now: float) -> None:
        self._framer.poll(now)  # stale partial frames are dropped
        txn = self.current
        if txn is None:
            return
        while txn.steps and txn.steps[0][0] <= now:
            _, action, args = txn.steps.popleft()
            action(*args)
        if self.current is txn and txn.outcome is None and now >= txn.deadline:
            self._finish(txn, "TIMEOUT", code="CARD_TIMEOUT", text="Tidsavbrudd")

    def _on_frame(self, raw: bytes) -> None:
        if raw == ACK:
            self._last_frame = None
            return
        if raw == NAK:
            self.counts["naks_received"] += 1
            if self._last_frame is not None and self._resends < MAX_RESENDS:
                self._resends += 1
                self._transmit(self._last_frame, remember=False)
            return
        message = payment.decode_frame(raw, device=self.name)
        if isinstance(message, DecodeError):
            self.counts["bad_frames"] += 1
            self._transmit(NAK, remember=False)
            return
        self._transmit(ACK, remember=False)
        if message.type in ("PUR", "REF"):
            self._request(message)
        elif message.type == "STA":
            self._status(message)
        elif message.type == "CAN":
            txn = self.current
            if txn is not None and txn.request_id == message.request_id:
                self._finish(txn, "CANCELLED", code="CANCELLED_BY_TILL", text="Avbrutt")

    # -- transactions ---------------------------------------------------------

    def _status(self, message: payment.Message) -> None:
        """The till restarted and asks what became of a request: the answer it had (also
        one it sent while nobody listened), a prompt if it still runs, or UNKNOWN."""
        finished = self.results.get(message.request_id)
        txn = self.current
        if finished is not None:
            self._say(finished)
        elif txn is not None and txn.request_id == message.request_id:
            self._prompt(txn, "PROCESSING" if txn.outcome else "INSERT_CARD")
        else:
            self._say(payment.result(message.request_id, "UNKNOWN", message.amount_ore,
                                     code="NO_SUCH_REQUEST", text="Ukjent forespørsel"))

    def _request(self, message: payment.Message) -> None:
        txn = self.current
        if txn is not None and txn.request_id == message.request_id:
            return  # the till resent a request we already have
        if txn is not None:
            busy = payment.result(
                message.request_id,
                "DECLINED",
                message.amount_ore,
                code="BUSY",
                text="Terminalen er opptatt",
            )
            self._say(busy)
            return
        self.counts["requests"] += 1
        kind = "refund" if message.type == "REF" else "purchase"
        now = time.monotonic()
        self.current = _Txn(message.request_id, kind, message.amount_ore, now + self.timeout)
        self._prompt(self.current, "INSERT_CARD")
        self._resolve(now)

    def _resolve(self, now: float) -> None:
        txn = self.current
        if txn is None or txn.outcome is not None:
            return
        outcome = self.outcomes.popleft() if self.outcomes else self.auto
        if outcome is None:
            return
        txn.outcome = outcome
        d = self.step_delay
        plan: list[tuple[float, Any, tuple]] = []
        if outcome in ("approve", "decline"):
            plan = [
                (d, self._prompt, (txn, "ENTER_PIN")),
                (2 * d, self._prompt, (txn, "PROCESSING")),
            ]
            if outcome == "approve":
                plan.append((3 * d, self._approve, (txn,)))
            else:
                plan.append((3 * d, self._finish, (txn, "DECLINED", "DECLINED", "Avvist")))
        elif outcome == "cancel":
            plan = [
                (d, self._finish, (txn, "CANCELLED", "CANCELLED_BY_CUSTOMER", "Avbrutt av kunde"))
            ]
        elif outcome == "timeout":
            plan = [(d, self._finish, (txn, "TIMEOUT", "CARD_TIMEOUT", "Tidsavbrudd"))]
        else:  # silent: the terminal hangs on this request
            plan = [(0.0, self._forget, (txn,))]
        txn.steps.extend((now + delay, action, args) for delay, action, args in plan)

    def _prompt(self, txn: _Txn, code: str) -> None:
        if self.current is txn:
            self._say(payment.prompt(txn.request_id, code, PROMPTS[code]))

    def _approve(self, txn: _Txn) -> None:
        self._seq += 1
        card = self.rng.choice(TEST_CARDS)
        self._finish(
            txn,
            "APPROVED",
            code="00",
            text="Godkjent",
            transaction_id=f"T{self._seq:08d}",
            masked_pan="*" * (len(card) - 4) + card[-4:],
        )

    def _finish(
        self, txn: _Txn, outcome: str, code: str = "", text: str = "", **extra: str
    ) -> None:
        if self.current is not txn:
            return
        self.current = None
        answer = payment.result(txn.request_id, outcome, txn.amount_ore, code=code, text=text,
                                **extra)
        self.results[txn.request_id] = answer  # answerable again after a till restart
        while len(self.results) > MAX_RESULTS:
            self.results.popitem(last=False)
        self._say(answer)
        self.last_result = {"request_id": txn.request_id, "outcome": outcome, "code": code, **extra}

    def _forget(self, txn: _Txn) -> None:
        if self.current is txn:
            self.current = None
            self.last_result = {"request_id": txn.request_id, "outcome": "SILENT"}
