"""Who works the till: log in with id and PIN, log out between sales, sessions over a sale.

Every session is journaled (the regulation's journal says who did what). A
cashier logs out only between sales; a lane signs its own session and an
attendant's in and out over an open sale (`act_as`, `sign_off`), so the sale
stays and the entries carry whoever acted. After a restart the journal's open
session is taken up again as it was.
"""

from __future__ import annotations

from typing import Any

from pos.till.commands import TillError
from pos.till.operators import Operator, Operators
from pos.till.session import TillSession
from pos.till.texts import T

LOGOUT_OPEN_SALE = T("finish_sale_before_logout")


class Shifts:
    def __init__(self, session: TillSession, operators: Operators) -> None:
        self.session = session
        self.operators = operators
        """Who may log in here (a lane replaces them with its own session and attendants)."""

    def resume(self) -> None:
        """After a restart: the operator of the journal's open session, if any."""
        operator_id = self.session.journal.operator_id
        if operator_id is not None:
            self.session.resume_operator(self.operators.get(operator_id))

    def login(self, operator_id: str, pin: str) -> bool:
        operator = self.operators.authenticate(operator_id, pin)
        self.session.sign_in(operator, {"name": operator.name})
        return True

    def logout(self) -> bool:
        session = self.session
        session.require_operator()
        if session.sale_journaled:
            raise TillError(LOGOUT_OPEN_SALE)
        session.close_sale()
        session.sign_out()
        session.emit(session.session_event())
        return True

    def act_as(self, operator: Operator, payload: dict[str, Any]) -> None:
        """Sign `operator` in over an open sale (a lane's own session, an attendant)."""
        self.session.sign_in(operator, {"name": operator.name, **payload})

    def sign_off(self, payload: dict[str, Any]) -> None:
        """End the current session; an open sale stays open for the next one."""
        self.session.sign_out(payload)
