"""The self-checkout lane: a till with a shopper's steps and an attendant on call.

    lane = Lane(Till.open(config, hub=hub), lane_settings, listener=on_event)
    lane.start()                              # the lane's own session; an open sale comes back
    await lane.handle_device_event(event)     # scans, member cards, attendant cards, terminal
    lane.skip_member(); lane.pay(); lane.pay_card(); lane.attendant_pin("9999") …

Same engine, journal, outbox and sync as the cashier till — the lane *uses* a
`Till`; only the face and the rules around it differ: the shopper starts by
scanning an item, is asked (voluntarily) for the member card or app, pays by
card or Coopay (cash only where the lane has it), and the lane pauses and calls
an attendant for an age check, a ShopExpress audit or when the shopper asks.
The lane is composed of a board (its state, `pos.lane.board`), a trip desk
(ShopExpress checkout codes and audits, `pos.lane.trip_desk`) and an attendant
desk (`pos.lane.attendant`).

Events: everything the till emits, plus `LaneChanged(state)` after every
change of the lane's own state (`pos.lane.state`).
"""

from __future__ import annotations

import random
import secrets
from typing import Any

from devices.events import CardRead, DeviceState, Scan
from devices.scale import ScaleReading
from pos.domain.shopexpress import looks_like_checkout_code
from pos.formats.coopay_qr import looks_like_coopay
from pos.lane.attendant import AttendantDesk
from pos.lane.bagging import BaggingArea
from pos.lane.board import LaneBoard, LaneListener
from pos.lane.settings import LaneSettings
from pos.lane.state import LaneState, LaneStep, WaitReason
from pos.lane.texts import T
from pos.lane.trip_desk import RandomSource, TripDesk
from pos.lane.trip_intake import TripRegistry
from pos.till.engine import Till
from pos.till.events import MemberChanged, NeedsAgeCheck, ReceiptReady, SaleChanged, TillEvent
from pos.till.operators import Operator, Operators, make_operator

WAIT_FOR_STAFF = T("wait_staff_their_way")
COOPAY_AT_PAYMENT = T("coopay_registers_membership_when_pay")
NO_CASH = T("lane_does_not_take_cash")
SCAN_FIRST = T("scan_item_first")


class Lane:
    def __init__(self, till: Till, settings: LaneSettings, *,
                 listener: LaneListener | None = None, rng: RandomSource | None = None,
                 trips: TripRegistry | None = None) -> None:
        self.till = till
        self.settings = settings
        attendants = settings.build_attendants()
        self.lane_operator = make_operator(settings.lane_operator, settings.lane_operator_name,
                                           str(secrets.randbelow(10**8)).zfill(8))
        till.operators = Operators([self.lane_operator, *attendants.operators])
        self.trips = trips or TripRegistry(till.journal.path.with_name("shopexpress.sqlite3"))
        self.board = LaneBoard(cash=settings.cash, listener=listener)
        actions: list[dict[str, Any]] = []
        self.trip_desk = TripDesk(till, self.board, settings, trips=self.trips,
                                  rng=rng or random.SystemRandom(), actions=actions)
        self.bagging = BaggingArea(self.board, settings)
        self.attendant = AttendantDesk(till, self.board, attendants=attendants,
                                       lane_operator=self.lane_operator, trips=self.trip_desk,
                                       actions=actions, bagging=self.bagging)
        till.set_listener(self._on_till_event)

    @property
    def state(self) -> LaneState:
        return self.board.state

    # -- life cycle ---------------------------------------------------------------------------

    def set_listener(self, listener: LaneListener | None) -> None:
        self.board.set_listener(listener)

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
            self.board.set(step=LaneStep.SCANNING, waiting_for=waiting)
        else:
            self.board.show()
        return self.state

    async def aclose(self) -> None:
        await self.till.aclose()
        self.trips.close()

    # -- following the till -------------------------------------------------------------------

    def _on_till_event(self, event: TillEvent) -> None:
        board = self.board
        board.emit(event)
        state = board.state
        if isinstance(event, SaleChanged):
            sale = event.sale
            if sale is None and state.step is not LaneStep.DONE:
                self._reset()
            elif sale is not None and sale.totals.item_count and state.step is LaneStep.WELCOME:
                asked = sale.member is not None or state.trip_id is not None
                board.set(step=LaneStep.SCANNING if asked else LaneStep.MEMBER)
            self.bagging.on_sale(sale)
        elif isinstance(event, MemberChanged) and event.member is not None \
                and state.step is LaneStep.MEMBER:
            board.set(step=LaneStep.SCANNING)
        elif isinstance(event, NeedsAgeCheck):
            board.wait(WaitReason.AGE)
        elif isinstance(event, ReceiptReady) and not event.voided:
            board.last_sale_id = event.sale_id
            self.trip_desk.forget()
            board.set(step=LaneStep.DONE, receipt_text=event.text,
                      receipt_number=event.receipt_number, trip_id=None, audit=None,
                      waiting_for=board.only_help_waiting())

    def _reset(self) -> None:
        self.trip_desk.forget()
        self.board.set(step=LaneStep.WELCOME, member_skipped=False, trip_id=None, audit=None,
                       waiting_for=self.board.only_help_waiting(), receipt_text="",
                       receipt_number=None)
        self.bagging.reset()

    # -- input from devices -------------------------------------------------------------------

    async def handle_device_event(self, event: object) -> None:
        """A hub event on the engine's thread: attendant cards and checkout codes first."""
        if isinstance(event, ScaleReading) and event.device == self.settings.bagging_device:
            self.bagging.on_reading(event)
            return
        if isinstance(event, DeviceState) and event.device == self.settings.bagging_device:
            self.bagging.device_changed(event.state == "connected")
        if isinstance(event, Scan):
            await self.scan(event.data, event.symbology, device=event.device)
        elif isinstance(event, CardRead):
            attendant = self.attendant.by_card(event.card_number or event.uid)
            if attendant is not None:
                self.attendant.arrives(attendant, "card")
            elif self._accepts_shopper_input():
                await self.till.handle_device_event(event)
        else:
            await self.till.handle_device_event(event)

    async def scan(self, data: str, symbology: str | None = None, *,
                   device: str | None = None) -> None:
        attendant = self.attendant.by_card(data)
        if attendant is not None:
            self.attendant.arrives(attendant, "card")
            return
        if self.trip_desk.auditing:
            if self.state.attendant_mode:
                self.trip_desk.rescan(data)
            else:
                self.board.notice(WAIT_FOR_STAFF, "lane_paused")
            return
        if looks_like_checkout_code(data):
            await self.trip_desk.receive_trip(data)
            return
        if not self._accepts_shopper_input():
            return
        if looks_like_coopay(data) and self.state.step is not LaneStep.PAYING:
            self._coopay_too_early()
            return
        if self.state.step is LaneStep.DONE:
            self._reset()
        if not self.state.attendant_mode and self.bagging.refuse_if_blocking():
            return
        await self.till.scan(data, symbology, device=device)

    def _coopay_too_early(self) -> None:
        """A Coopay QR is a one-time payment token: it pays, so it waits for the Pay step.

        Shown at the member question it would pay a one-item sale; instead the
        shopper is told that paying with Coopay registers the membership anyway.
        """
        self.board.notice(COOPAY_AT_PAYMENT, "coopay_at_payment", "info")
        if self.state.step is LaneStep.MEMBER:
            self.board.set(step=LaneStep.SCANNING)

    def _accepts_shopper_input(self) -> bool:
        if self.state.paused and not self.state.attendant_mode:
            self.board.notice(WAIT_FOR_STAFF, "lane_paused")
            return False
        return True

    # -- the shopper's choices -----------------------------------------------------------------

    def skip_member(self) -> None:
        """"Nei takk": registering the member card at a lane is voluntary."""
        if self.state.step is LaneStep.MEMBER:
            self.board.set(step=LaneStep.SCANNING, member_skipped=True)

    def pay(self) -> bool:
        """Go to payment; refused while the lane waits for staff or the sale is empty."""
        sale = self.till.sale
        if self.state.paused or self.trip_desk.auditing:
            self.board.notice(WAIT_FOR_STAFF, "lane_paused")
            return False
        if self.bagging.refuse_if_blocking():
            return False
        if sale is None or not sale.totals.item_count:
            self.board.notice(SCAN_FIRST, "sale_empty")
            return False
        self.board.set(step=LaneStep.PAYING)
        return True

    def back_to_scanning(self) -> None:
        if self.state.step is LaneStep.PAYING and not self.till.payment_busy:
            self.board.set(step=LaneStep.SCANNING)

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
            self.board.notice(NO_CASH, "cash_not_accepted")
            return
        if self.state.step is LaneStep.PAYING:
            self.till.pay_cash(tendered_ore)

    def cancel_card(self) -> bool:
        return bool(self.till.cancel_card_payment())

    def call_attendant(self) -> None:
        self.board.wait(WaitReason.HELP)

    def new_sale(self) -> None:
        """"Ferdig" on the thank-you screen: ready for the next shopper."""
        if self.state.step is LaneStep.DONE:
            self._reset()

    # -- ShopExpress and the attendant (see trip_desk.py and attendant.py) ----------------------

    async def receive_trip(self, text: str) -> bool:
        return await self.trip_desk.receive_trip(text)

    async def finish_full_rescan(self) -> bool:
        return await self.trip_desk.finish_full_rescan()

    def attendant_pin(self, pin: str) -> bool:
        return self.attendant.pin(pin)

    def attendant_arrives(self, attendant: Operator, via: str) -> None:
        self.attendant.arrives(attendant, via)

    def approve_age(self) -> bool:
        return self.attendant.approve_age()

    def refuse_age(self) -> bool:
        return self.attendant.refuse_age()

    def void_line(self, line_id: int) -> bool:
        return self.attendant.void_line(line_id)

    def cancel_sale(self) -> bool:
        return self.attendant.cancel_sale()

    def reprint(self) -> bool:
        return self.attendant.reprint()

    def attendant_done(self) -> bool:
        return self.attendant.done()

    def accept_bagging(self) -> bool:
        return self.attendant.accept_bagging()
