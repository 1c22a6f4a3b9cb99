"""Functions only a privileged operator may switch: training mode.

The regulation lets training mode exist but not be a way to sell off the
books, so switching it is a supervisor's decision: either the logged-in
operator is a supervisor, or a supervisor authorises it with id and PIN at the
till (the cashier stays logged in). Who is a supervisor is `Till.supervisors`
(operator ids; default the demo's shift lead "1").
"""

from __future__ import annotations

from pos.domain.texts import Text
from pos.till.core import TillError, command
from pos.till.receipts import ReceiptFlow

DEFAULT_SUPERVISORS = frozenset({"1"})
NOT_PRIVILEGED = Text("Treningsmodus må slås av eller på av en leder (leder-ID og PIN).",
                      "Training mode is switched by a supervisor (supervisor id and PIN).")


class SupervisedFlow(ReceiptFlow):
    supervisors: frozenset[str] = DEFAULT_SUPERVISORS

    def require_supervisor(self, supervisor_id: str | None, pin: str | None) -> str:
        """The supervisor who authorises this: the operator, or the one who gave id and PIN."""
        operator = self.require_operator()
        if supervisor_id is None:
            if operator.operator_id not in self.supervisors:
                raise TillError(NOT_PRIVILEGED)
            return operator.operator_id
        supervisor = self.operators.authenticate(supervisor_id, pin or "")
        if supervisor.operator_id not in self.supervisors:
            raise TillError(NOT_PRIVILEGED)
        return supervisor.operator_id

    @command
    def set_training(self, on: bool, *, supervisor_id: str | None = None,
                     pin: str | None = None) -> bool:
        """Training mode on/off, authorised by a supervisor (see the module docstring)."""
        self.require_supervisor(supervisor_id, pin)
        return bool(super().set_training(on))
