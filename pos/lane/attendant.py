"""The attendant at a self-checkout lane: sign in by card or PIN, act, sign off.

A lane has no cashier: it works under its own operator id (the lane's session).
An attendant who approves an age check, voids a line or checks a ShopExpress
trip signs in over it (`Till.act_as`): from then until they sign off every
journal entry carries the attendant's id, which is how the regulation's journal
says who did what. Their sign-off entry lists what they did (`actions`: age
approved or refused, lines voided, sale cancelled, receipt copy, audit result).
Shoppers cannot reach these commands: each one checks that an attendant is
signed in and says so otherwise.
"""

from __future__ import annotations

from typing import Any

from pos.lane.bagging import BaggingArea
from pos.lane.board import LaneBoard
from pos.lane.settings import Attendants
from pos.lane.state import WaitReason
from pos.lane.texts import T
from pos.lane.trip_desk import TripDesk
from pos.till.engine import Till
from pos.till.operators import Operator

ATTENDANT_ONLY = T("only_member_staff_can_do")
FINISH_CHECK = T("finish_check_first")


class AttendantDesk:
    def __init__(self, till: Till, board: LaneBoard, *, attendants: Attendants,
                 lane_operator: Operator, trips: TripDesk,
                 actions: list[dict[str, Any]], bagging: BaggingArea | None = None) -> None:
        self.till = till
        self.board = board
        self.attendants = attendants
        self.lane_operator = lane_operator
        self.trips = trips
        self.actions = actions
        """What the attendant signed in now has done (their sign-off entry lists it)."""
        self.bagging = bagging

    def by_card(self, text: str | None) -> Operator | None:
        return self.attendants.by_card(text)

    def pin(self, pin: str) -> bool:
        attendant = self.attendants.by_pin(pin)
        if attendant is None:
            self.board.notice(T("wrong_pin"), "attendant_pin_wrong")
            return False
        self.arrives(attendant, "pin")
        return True

    def arrives(self, attendant: Operator, via: str) -> None:
        """Attendant mode: the attendant's session starts; the same card again signs off."""
        state = self.board.state
        if state.attendant_id == attendant.operator_id:
            self.done()
            return
        if state.attendant_mode:
            self.done()
        self.till.sign_off({"role": "lane", "handed_to": attendant.operator_id})
        self.till.act_as(attendant, {"role": "attendant", "via": via,
                                     "waiting_for": [w.value for w in state.waiting_for]})
        self.actions.clear()
        self.board.set(attendant_id=attendant.operator_id, attendant_name=attendant.name)

    def _present(self) -> bool:
        """Attendant commands refuse shoppers with a notice (the screen never offers them)."""
        if not self.board.state.attendant_mode:
            self.board.notice(ATTENDANT_ONLY, "attendant_only")
            return False
        return True

    def _did(self, action: str, done: object, **details: Any) -> bool:
        if done:
            self.actions.append({"action": action, **details})
        return bool(done)

    def approve_age(self) -> bool:
        if not self._present():
            return False
        if self._did("age_approved", self.till.confirm_age()):
            self.board.unwait(WaitReason.AGE)
            return True
        return False

    def refuse_age(self) -> bool:
        if not self._present():
            return False
        if self._did("age_refused", self.till.refuse_age()):
            self.board.unwait(WaitReason.AGE)
            return True
        return False

    def void_line(self, line_id: int) -> bool:
        if not self._present():
            return False
        return self._did("line_voided",
                         self.till.void_line(line_id, f"attendant {self.board.state.attendant_id}"),
                         line_id=line_id)

    def cancel_sale(self) -> bool:
        if not self._present():
            return False
        sale = self.till.sale
        if sale is None:
            return False
        self.till.void_sale(f"attendant {self.board.state.attendant_id}")
        cancelled = self.till.sale is None
        if cancelled:
            self.trips.forget()
            self.board.set(waiting_for=(), audit=None, trip_id=None)
        return self._did("sale_cancelled", cancelled, sale_id=sale.sale_id)

    def accept_bagging(self) -> bool:
        """The attendant has looked at the bagging area and accepts its weight as it is."""
        if not self._present() or self.bagging is None:
            return False
        self.bagging.accept()
        self.board.unwait(WaitReason.BAGGING)
        return self._did("bagging_accepted", True, weight_g=self.bagging.weight_g)

    def reprint(self) -> bool:
        if not self._present():
            return False
        last = self.board.last_sale_id
        return self._did("receipt_copy", self.till.print_copy(last), sale_id=last)

    def done(self) -> bool:
        """The attendant signs off (journaled with what they did); the lane takes over."""
        if not self.board.state.attendant_mode:
            return False
        if self.trips.auditing:
            self.board.notice(FINISH_CHECK, "audit_in_progress")
            return False
        self.till.sign_off({"role": "attendant", "actions": list(self.actions)})
        self.till.act_as(self.lane_operator, {"role": "lane"})
        self.actions.clear()
        self.board.set(attendant_id=None, attendant_name="",
                       waiting_for=tuple(w for w in self.board.state.waiting_for
                                         if w is not WaitReason.HELP))
        return True
