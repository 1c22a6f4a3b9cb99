"""What a self-checkout lane shows, kept in one place: its state, and every change told.

The lane's parts (the shopper's steps in `Lane`, ShopExpress trips in
`TripDesk`, the attendant in `AttendantDesk`) change the one `LaneState`
through this board; each change that makes a difference is emitted as
`LaneChanged(state)` to the lane's listener, beside the till's own events, so a
screen only has to look at the state to know what to ask next.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from pos.domain.texts import Text
from pos.lane.state import LaneChanged, LaneState, WaitReason
from pos.till.events import Notice, TillEvent
from pos.till.ports import Listener

LaneListener = Listener
"""Gets every till event and the lane's `LaneChanged` (typed as the till's listener)."""


class LaneBoard:
    def __init__(self, *, cash: bool, listener: LaneListener | None = None) -> None:
        self.state = LaneState(cash=cash)
        self._listener = listener
        self.last_sale_id: str | None = None
        """The last sale the lane completed (a receipt copy, the attendant's record)."""

    def set_listener(self, listener: LaneListener | None) -> None:
        self._listener = listener

    def emit(self, event: TillEvent | LaneChanged) -> None:
        if self._listener is not None:
            self._listener(event)  # type: ignore[arg-type]

    def show(self) -> None:
        self.emit(LaneChanged(self.state))

    def set(self, **changes: Any) -> None:
        new = replace(self.state, **changes)
        if new != self.state:
            self.state = new
            self.show()

    def notice(self, text: Text, code: str,
               level: Literal["info", "warning", "error"] = "error") -> None:
        self.emit(Notice(level, text, code))

    def wait(self, reason: WaitReason) -> None:
        if reason not in self.state.waiting_for:
            self.set(waiting_for=(*self.state.waiting_for, reason))

    def unwait(self, reason: WaitReason) -> None:
        self.set(waiting_for=tuple(w for w in self.state.waiting_for if w is not reason))

    def only_help_waiting(self) -> tuple[WaitReason, ...]:
        """A call for help outlives the sale; the other reasons end with it."""
        return tuple(w for w in self.state.waiting_for if w is WaitReason.HELP)
