"""The attendant at a self-checkout lane: sign in by card or PIN, act, sign off.

A mixin of `pos.lane.lane.Lane`. While an attendant is signed in (`LaneTill.act_as`)
every journal entry carries their id; their sign-off entry lists what they did
(`actions`: age approved or refused, lines voided, sale cancelled, receipt copy,
audit result). Shoppers cannot reach these commands: each one checks that an
attendant is signed in and says so otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pos.domain.texts import Text
from pos.lane.lane_till import LaneTill
from pos.lane.settings import Attendants
from pos.lane.state import LaneState, WaitReason
from pos.lane.trip_audit import TripAudit
from pos.till.operators import Operator

ATTENDANT_ONLY = Text("Bare en medarbeider kan gjøre dette.", "Only a member of staff can do this.")


class AttendantDesk:
    till: LaneTill
    state: LaneState
    attendants: Attendants
    lane_operator: Operator
    audit: TripAudit | None
    _actions: list[dict[str, Any]]
    _last_sale_id: str | None

    if TYPE_CHECKING:  # provided by Lane
        def _set(self, **changes: Any) -> None: ...
        def _notice(self, text: Text, code: str, level: str = "error") -> None: ...
        def _unwait(self, reason: WaitReason) -> None: ...

    def attendant_pin(self, pin: str) -> bool:
        attendant = self.attendants.by_pin(pin)
        if attendant is None:
            self._notice(Text("Feil PIN.", "Wrong PIN."), "attendant_pin_wrong")
            return False
        self.attendant_arrives(attendant, "pin")
        return True

    def attendant_arrives(self, attendant: Operator, via: str) -> None:
        """Attendant mode: the attendant's session starts; the same card again signs off."""
        if self.state.attendant_id == attendant.operator_id:
            self.attendant_done()
            return
        if self.state.attendant_mode:
            self.attendant_done()
        self.till.sign_off({"role": "lane", "handed_to": attendant.operator_id})
        self.till.act_as(attendant, {"role": "attendant", "via": via,
                                     "waiting_for": [w.value for w in self.state.waiting_for]})
        self._actions = []
        self._set(attendant_id=attendant.operator_id, attendant_name=attendant.name)

    def _attendant_present(self) -> bool:
        """Attendant commands refuse shoppers with a notice (the screen never offers them)."""
        if not self.state.attendant_mode:
            self._notice(ATTENDANT_ONLY, "attendant_only")
            return False
        return True

    def _did(self, action: str, done: object, **details: Any) -> bool:
        if done:
            self._actions.append({"action": action, **details})
        return bool(done)

    def approve_age(self) -> bool:
        if not self._attendant_present():
            return False
        if self._did("age_approved", self.till.confirm_age()):
            self._unwait(WaitReason.AGE)
            return True
        return False

    def refuse_age(self) -> bool:
        if not self._attendant_present():
            return False
        if self._did("age_refused", self.till.refuse_age()):
            self._unwait(WaitReason.AGE)
            return True
        return False

    def void_line(self, line_id: int) -> bool:
        if not self._attendant_present():
            return False
        return self._did("line_voided",
                         self.till.void_line(line_id, f"attendant {self.state.attendant_id}"),
                         line_id=line_id)

    def cancel_sale(self) -> bool:
        if not self._attendant_present():
            return False
        sale = self.till.sale
        if sale is None:
            return False
        self.till.void_sale(f"attendant {self.state.attendant_id}")
        cancelled = self.till.sale is None
        if cancelled:
            self.audit = None
            self._set(waiting_for=(), audit=None, trip_id=None)
        return self._did("sale_cancelled", cancelled, sale_id=sale.sale_id)

    def reprint(self) -> bool:
        if not self._attendant_present():
            return False
        return self._did("receipt_copy", self.till.print_copy(self._last_sale_id),
                         sale_id=self._last_sale_id)

    def attendant_done(self) -> bool:
        """The attendant signs off (journaled with what they did); the lane takes over."""
        if not self.state.attendant_mode:
            return False
        if self.audit is not None and self.audit.in_progress:
            self._notice(Text("Fullfør kontrollen først.", "Finish the check first."),
                         "audit_in_progress")
            return False
        self.till.sign_off({"role": "attendant", "actions": self._actions})
        self.till.act_as(self.lane_operator, {"role": "lane"})
        self._actions = []
        self._set(attendant_id=None, attendant_name="",
                  waiting_for=tuple(w for w in self.state.waiting_for
                                    if w is not WaitReason.HELP))
        return True
