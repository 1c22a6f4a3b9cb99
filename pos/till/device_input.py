"""What the devices send the till, each kind of event to the collaborator it is for.

One table by event type (no chain of isinstance): a scan is a code for the
lines, a card read a member card, a terminal prompt or result belongs to the
payment (or to the return waiting for a card refund), a connection change to
the status bar, the drawer's sensor to the drawer, and bytes that did not
decode are told to the cashier with a bad beep. Each handler is one command: a
refusal becomes a `Notice`.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from devices.events import (
    CardRead,
    DecodeError,
    DeviceState,
    DrawerState,
    PaymentPrompt,
    PaymentResult,
    Scan,
)
from pos.till.commands import async_command, command
from pos.till.drawer import Drawer
from pos.till.lines import Lines
from pos.till.members import Members
from pos.till.payments import Payments
from pos.till.returns import Returns
from pos.till.session import TillSession
from pos.till.status import TillStatus
from pos.till.texts import T


class DeviceInput:
    def __init__(self, session: TillSession, *, lines: Lines, members: Members,
                 payments: Payments, returns: Returns, status: TillStatus,
                 drawer: Drawer) -> None:
        self.session = session
        self.lines = lines
        self.members = members
        self.payments = payments
        self.returns = returns
        self.status = status
        self.drawer = drawer
        self._handlers: dict[type, Callable[[Any], Awaitable[Any] | Any]] = {
            Scan: self._scan, CardRead: self._card, PaymentPrompt: self._prompt,
            PaymentResult: self._payment_result, DeviceState: self._device_state,
            DecodeError: self._decode_error, DrawerState: self._drawer,
        }

    async def handle(self, event: object) -> None:
        """One event from the device hub, on the engine's thread; unknown kinds are ignored."""
        handler = self._handlers.get(type(event))
        if handler is None:
            return
        result = handler(event)
        if inspect.isawaitable(result):
            await result

    @async_command
    async def _scan(self, event: Scan) -> None:
        await self.lines.scan(event.data, event.symbology, device=event.device)

    @async_command
    async def _card(self, event: CardRead) -> None:
        await self.members.present_card(card_number=event.card_number, uid=event.uid,
                                        source=event.source)

    def _prompt(self, event: PaymentPrompt) -> None:
        self.payments.on_prompt(event.request_id, event.text_code, event.text)

    @command
    def _payment_result(self, event: PaymentResult) -> None:
        if self.returns.waits_for(event.request_id):
            self.returns.on_refund_result(outcome=event.outcome,
                                          transaction_id=event.transaction_id)
            return
        self.payments.on_result(
            request_id=event.request_id, outcome=event.outcome, amount_ore=event.amount_ore,
            transaction_id=event.transaction_id, masked_pan=event.masked_pan,
            reason=event.reason, reason_code=event.reason_code,
        )

    def _device_state(self, event: DeviceState) -> None:
        self.status.device_changed(event)
        if event.state == "connected":  # a card payment from before a restart may wait
            self.payments.ask_terminal()

    @command
    def _drawer(self, event: DrawerState) -> None:
        self.drawer.sensed(event.open)

    def _decode_error(self, event: DecodeError) -> None:
        self.session.notice("warning", T("unreadable_data_read_again", device=event.device),
                            "decode_error")
        self.lines.beep(event.device, good=False)
