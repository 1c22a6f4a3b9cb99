"""Cash management at the till: opening float, withdrawal, count at close.

The journal events and their meaning live in `pos.compliance.cash`; this flow
adds the till's rules (an operator is logged in, no sale is open) and tells
the cashier what happened. A drawer opening without a sale is
`ReceiptFlow.open_drawer`.
"""

from __future__ import annotations

from pos.compliance import cash
from pos.domain.money import format_money
from pos.domain.texts import Text
from pos.till.core import TillError, command
from pos.till.supervision import SupervisedFlow

SALE_OPEN = Text("Avslutt eller parker salget først.", "Finish or suspend the sale first.")


class CashFlow(SupervisedFlow):
    def require_between_sales(self) -> None:
        self.require_operator()
        self.require_not_paying()
        if self._sale is not None and self._sale_journaled:
            raise TillError(SALE_OPEN)

    def _money(self, amount_ore: int) -> Text:
        return Text(format_money(amount_ore, "nb"), format_money(amount_ore, "en"))

    @command
    def opening_float(self, amount_ore: int) -> bool:
        """The change the drawer starts with (opens the drawer)."""
        self.require_between_sales()
        cash.opening_float(self.journal, amount_ore)
        money = self._money(amount_ore)
        self.notice("info", Text(f"Vekselbeholdning {money.nb} registrert.",
                                 f"Opening float {money.en} recorded."), "cash_float")
        return True

    @command
    def withdraw_cash(self, amount_ore: int, reason: str = "") -> bool:
        """Cash taken out of the drawer (to the safe); counted in the X/Z reports."""
        self.require_between_sales()
        cash.withdraw(self.journal, amount_ore, reason)
        money = self._money(amount_ore)
        self.notice("info", Text(f"Uttak {money.nb} registrert.",
                                 f"Withdrawal of {money.en} recorded."), "cash_withdrawn")
        return True

    @command
    def count_cash(self, amount_ore: int) -> bool:
        """The cash counted at close; the Z report shows the difference to what is expected."""
        self.require_between_sales()
        cash.count_cash(self.journal, amount_ore)
        money = self._money(amount_ore)
        self.notice("info", Text(f"Opptalt kontant {money.nb} registrert.",
                                 f"Counted cash {money.en} recorded."), "cash_counted")
        return True
