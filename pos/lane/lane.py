"""The self-checkout lane: the till engine with a shopper's steps and an attendant on call.

    lane = Lane(LaneTill.open(config, hub=hub), lane_settings, listener=on_event)
    lane.start()                              # the lane's own session; an open sale comes back
    await lane.handle_device_event(event)     # scans, member cards, attendant cards, terminal
    lane.skip_member(); lane.pay(); lane.pay_card(); lane.attendant_pin("9999") …

Same engine, journal, outbox and sync as the cashier till; only the face and
the rules around it differ: the shopper starts by scanning an item, is asked
(voluntarily) for the member card or app, pays by card or Coopay (cash only
where the lane has it), and the lane pauses and calls an attendant for an age
check, a ShopExpress audit or when the shopper asks. An attendant signs in
with their card or PIN and approves in place; every action they take is
journaled under their id (see `LaneTill`). A ShopExpress checkout code scanned
at the start rebuilds the trip's sale and may pick it for an audit.

Events: everything the till emits, plus `LaneChanged(state)` after every
change of the lane's own state (`pos.lane.state`).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import replace
from typing import Any

from devices.events import CardRead, Scan
from pos.domain.shopexpress import (
    looks_like_checkout_code,
)
from pos.domain.texts import Text
from pos.formats.coopay_qr import looks_like_coopay
from pos.lane.attendant import AttendantDesk
from pos.lane.lane_till import LaneTill
from pos.lane.settings import LaneSettings
from pos.lane.state import LaneChanged, LaneState, LaneStep, WaitReason
from pos.lane.trip_audit import TripAudit
from pos.lane.trip_desk import TripDesk
from pos.lane.trip_intake import TripRegistry, strip_aim
from pos.till.core import Listener
from pos.till.events import (
    MemberChanged,
    NeedsAgeCheck,
    Notice,
    ReceiptReady,
    SaleChanged,
    TillEvent,
)
from pos.till.operators import Operators, make_operator

WAIT_FOR_STAFF = Text("Vent litt – en medarbeider kommer.", "Please wait – staff are on their way.")
COOPAY_AT_PAYMENT = Text(
    "Coopay registrerer medlemskapet når du betaler: skann varene, trykk Betal og velg Coopay.",
    "Coopay registers your membership when you pay: scan your items, press Pay, choose Coopay.")
NO_CASH = Text("Denne kassen tar ikke kontanter. Betal med kort eller Coopay.",
               "This lane does not take cash. Pay by card or Coopay.")



class Lane(TripDesk, AttendantDesk):
    def __init__(self, till: LaneTill, settings: LaneSettings, *,
                 listener: Listener | None = None, rng: Any = None,
                 trips: TripRegistry | None = None) -> None:
        self.till = till
        self.settings = settings
        self.attendants = settings.build_attendants()
        self.lane_operator = make_operator(settings.lane_operator, settings.lane_operator_name,
                                           str(secrets.randbelow(10**8)).zfill(8))
        till.operators = Operators([self.lane_operator, *self.attendants.operators])
        self.trips = trips or TripRegistry(till.journal.path.with_name("shopexpress.sqlite3"))
        self.rng = rng or random.SystemRandom()
        self._listener = listener
        self.state = LaneState(cash=settings.cash)
        self.audit: TripAudit | None = None
        self._actions: list[dict[str, Any]] = []
        self._last_sale_id: str | None = None
        till.set_listener(self._on_till_event)

    # -- life cycle ---------------------------------------------------------------------------

    def set_listener(self, listener: Listener | None) -> None:
        self._listener = listener

    def start(self, *, sync: bool = True) -> LaneState:
        """Start the engine under the lane's session; an attendant left signed in is signed off."""
        self.till.start(sync=sync)
        operator = self.till.operator
        if operator is not None and operator.operator_id != self.lane_operator.operator_id:
            self.till.sign_off({"role": "attendant", "reason": "lane restarted"})
            operator = None
        if operator is None:
            self.till.act_as(self.lane_operator, {"role": "lane"})
        sale = self.till.sale
        if sale is not None:
            waiting = (WaitReason.AGE,) if sale.age_check.pending else ()
            self._set(step=LaneStep.SCANNING, waiting_for=waiting)
        else:
            self._emit_state()
        return self.state

    async def aclose(self) -> None:
        await self.till.aclose()
        self.trips.close()

    # -- state and events -----------------------------------------------------------------------

    def _emit(self, event: TillEvent | LaneChanged) -> None:
        if self._listener is not None:
            self._listener(event)  # type: ignore[arg-type]

    def _emit_state(self) -> None:
        self._emit(LaneChanged(self.state))

    def _set(self, **changes: Any) -> None:
        new = replace(self.state, **changes)
        if new != self.state:
            self.state = new
            self._emit_state()

    def _notice(self, text: Text, code: str, level: str = "error") -> None:
        self._emit(Notice(level, text, code))  # type: ignore[arg-type]

    def _on_till_event(self, event: TillEvent) -> None:
        self._emit(event)
        state = self.state
        if isinstance(event, SaleChanged):
            sale = event.sale
            if sale is None and state.step is not LaneStep.DONE:
                self._reset()
            elif sale is not None and sale.totals.item_count and state.step is LaneStep.WELCOME:
                asked = sale.member is not None or state.trip_id is not None
                self._set(step=LaneStep.SCANNING if asked else LaneStep.MEMBER)
        elif isinstance(event, MemberChanged) and event.member is not None \
                and state.step is LaneStep.MEMBER:
            self._set(step=LaneStep.SCANNING)
        elif isinstance(event, NeedsAgeCheck):
            self._wait(WaitReason.AGE)
        elif isinstance(event, ReceiptReady) and not event.voided:
            self._last_sale_id = event.sale_id
            self.audit = None
            self._set(step=LaneStep.DONE, receipt_text=event.text,
                      receipt_number=event.receipt_number, trip_id=None, audit=None,
                      waiting_for=tuple(w for w in state.waiting_for if w is WaitReason.HELP))

    def _reset(self) -> None:
        self.audit = None
        self._set(step=LaneStep.WELCOME, member_skipped=False, trip_id=None, audit=None,
                  waiting_for=tuple(w for w in self.state.waiting_for if w is WaitReason.HELP),
                  receipt_text="", receipt_number=None)

    def _wait(self, reason: WaitReason) -> None:
        if reason not in self.state.waiting_for:
            self._set(waiting_for=(*self.state.waiting_for, reason))

    def _unwait(self, reason: WaitReason) -> None:
        self._set(waiting_for=tuple(w for w in self.state.waiting_for if w is not reason))

    # -- input from devices -------------------------------------------------------------------

    async def handle_device_event(self, event: Any) -> None:
        """A hub event on the engine's thread: attendant cards and checkout codes first."""
        if isinstance(event, Scan):
            await self.scan(event.data, event.symbology, device=event.device)
        elif isinstance(event, CardRead):
            attendant = self.attendants.by_card(event.card_number or event.uid)
            if attendant is not None:
                self.attendant_arrives(attendant, "card")
            elif self._accepts_shopper_input():
                await self.till.handle_device_event(event)
        else:
            await self.till.handle_device_event(event)

    async def scan(self, data: str, symbology: str | None = None, *,
                   device: str | None = None) -> None:
        attendant = self.attendants.by_card(strip_aim(data))
        if attendant is not None:
            self.attendant_arrives(attendant, "card")
            return
        if self.audit is not None and self.audit.in_progress:
            if self.state.attendant_mode:
                self._audit_rescan(data)
            else:
                self._notice(WAIT_FOR_STAFF, "lane_paused")
            return
        if looks_like_checkout_code(strip_aim(data)):
            await self.receive_trip(strip_aim(data))
            return
        if not self._accepts_shopper_input():
            return
        if looks_like_coopay(strip_aim(data)) and self.state.step is not LaneStep.PAYING:
            self._coopay_too_early()
            return
        if self.state.step is LaneStep.DONE:
            self._reset()
        await self.till.scan(data, symbology, device=device)

    def _coopay_too_early(self) -> None:
        """A Coopay QR is a one-time payment token: it pays, so it waits for the Pay step.

        Shown at the member question it would pay a one-item sale; instead the
        shopper is told that paying with Coopay registers the membership anyway.
        """
        self._notice(COOPAY_AT_PAYMENT, "coopay_at_payment", "info")
        if self.state.step is LaneStep.MEMBER:
            self._set(step=LaneStep.SCANNING)

    def _accepts_shopper_input(self) -> bool:
        if self.state.paused and not self.state.attendant_mode:
            self._notice(WAIT_FOR_STAFF, "lane_paused")
            return False
        return True

    # -- the shopper's choices -----------------------------------------------------------------

    def skip_member(self) -> None:
        """"Nei takk": registering the member card at a lane is voluntary."""
        if self.state.step is LaneStep.MEMBER:
            self._set(step=LaneStep.SCANNING, member_skipped=True)

    def pay(self) -> bool:
        """Go to payment; refused while the lane waits for staff or the sale is empty."""
        sale = self.till.sale
        if self.state.paused or (self.audit is not None and self.audit.in_progress):
            self._notice(WAIT_FOR_STAFF, "lane_paused")
            return False
        if sale is None or not sale.totals.item_count:
            self._notice(Text("Skann en vare først.", "Scan an item first."), "sale_empty")
            return False
        self._set(step=LaneStep.PAYING)
        return True

    def back_to_scanning(self) -> None:
        if self.state.step is LaneStep.PAYING and not self.till.payment_busy:
            self._set(step=LaneStep.SCANNING)

    def back(self) -> None:
        """"Tilbake": cancels a card payment still waiting at the terminal, else back to
        scanning (the screen need not know whether the terminal is busy)."""
        if self.till.payment_busy:
            self.cancel_card()
        else:
            self.back_to_scanning()

    def pay_card(self) -> str | None:
        if self.state.step is not LaneStep.PAYING:
            return None
        return self.till.pay_card()

    def pay_cash(self, tendered_ore: int | None = None) -> None:
        if not self.settings.cash:
            self._notice(NO_CASH, "cash_not_accepted")
            return
        if self.state.step is LaneStep.PAYING:
            self.till.pay_cash(tendered_ore)

    def cancel_card(self) -> bool:
        return self.till.cancel_card_payment()

    def call_attendant(self) -> None:
        self._wait(WaitReason.HELP)

    def new_sale(self) -> None:
        """"Ferdig" on the thank-you screen: ready for the next shopper."""
        if self.state.step is LaneStep.DONE:
            self._reset()

