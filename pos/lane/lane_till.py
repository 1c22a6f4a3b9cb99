"""The till engine as a self-checkout lane runs it: its own session, and attendants who step in.

A lane has no cashier. It works under its own operator id (the lane's
session), and an attendant who approves an age check, voids a line or checks
a ShopExpress trip signs in over it: from then until they sign off every
journal entry carries the attendant's id, which is how the regulation's
journal says who did what. The sign-off entry carries a summary of what they
did (and an audit's result).
"""

from __future__ import annotations

from typing import Any

from pos.domain.lines import SaleLine
from pos.till.engine import Till
from pos.till.operators import Operator


class LaneTill(Till):
    def act_as(self, operator: Operator, payload: dict[str, Any]) -> None:
        """Sign `operator` in at the lane (an open sale stays open): journaled, then shown."""
        self.journal.login(operator.operator_id, {"name": operator.name, **payload})
        self._operator = operator
        self.emit(self._session_event())

    def sign_off(self, payload: dict[str, Any]) -> None:
        """End the current session (a sale may be open: the lane takes it over again)."""
        if self.journal.operator_id is not None:
            self.journal.logout(payload)
        self._operator = None

    @property
    def payment_busy(self) -> bool:
        return self._payment_busy

    def lines(self) -> tuple[SaleLine, ...]:
        """The open sale's lines without building a whole `SaleView` (a trip adds many)."""
        return self._sale.lines if self._sale is not None else ()
