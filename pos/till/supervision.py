"""Functions only a privileged operator may switch: training mode.

The regulation lets training mode exist but not be a way to sell off the
books, so switching it is a supervisor's decision: either the logged-in
operator is a supervisor, or a supervisor authorises it with id and PIN at the
till (the cashier stays logged in). Who is a supervisor is a set of operator
ids (default the demo's shift lead "1"). Training receipts are marked and
counted apart; the switch is journaled and only allowed between sales.
"""

from __future__ import annotations

from collections.abc import Iterable

from pos.journal import JournalError
from pos.till.commands import TillError
from pos.till.session import TillSession
from pos.till.shifts import Shifts
from pos.till.texts import T

DEFAULT_SUPERVISORS = frozenset({"1"})
NOT_PRIVILEGED = T("training_needs_supervisor")
FINISH_FIRST = T("finish_sale_first")


class Supervision:
    def __init__(self, session: TillSession, shifts: Shifts,
                 supervisors: Iterable[str] = DEFAULT_SUPERVISORS) -> None:
        self.session = session
        self.shifts = shifts
        self.supervisors = frozenset(supervisors)

    def require_supervisor(self, supervisor_id: str | None, pin: str | None) -> str:
        """The supervisor who authorises this: the operator, or the one who gave id and PIN."""
        operator = self.session.require_operator()
        if supervisor_id is None:
            if operator.operator_id not in self.supervisors:
                raise TillError(NOT_PRIVILEGED)
            return operator.operator_id
        supervisor = self.shifts.operators.authenticate(supervisor_id, pin or "")
        if supervisor.operator_id not in self.supervisors:
            raise TillError(NOT_PRIVILEGED)
        return supervisor.operator_id

    def set_training(self, on: bool, *, supervisor_id: str | None = None,
                     pin: str | None = None) -> bool:
        """Training mode on/off, authorised by a supervisor, between sales."""
        session = self.session
        self.require_supervisor(supervisor_id, pin)
        if session.sale_journaled:
            raise TillError(FINISH_FIRST)
        try:
            session.journal.set_training(on)
        except JournalError as exc:
            raise TillError(T("cannot_change_training_mode", exc=exc)) from None
        session.close_sale()  # a sale not yet journaled starts again in the new mode
        session.emit(session.session_event())
        session.notice("info", T("training_on" if on else "training_off"),
                       "training_on" if on else "training_off")
        return True
