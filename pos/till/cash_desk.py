"""The cash drawer at the till: opening float, withdrawal, count at close, opening by hand.

The journal events and their meaning live in `pos.compliance.cash`; this desk
adds the till's rules (an operator is logged in, no sale is open) and tells
the cashier what happened. Every drawer opening is journaled: the regulation
counts openings without a sale.
"""

from __future__ import annotations

from pos.compliance import cash
from pos.journal import EventType
from pos.till.drawer import Drawer
from pos.till.payments import money_text
from pos.till.session import TillSession
from pos.till.texts import T


class CashDesk:
    def __init__(self, session: TillSession, drawer: Drawer) -> None:
        self.session = session
        self.drawer = drawer

    def opening_float(self, amount_ore: int) -> bool:
        """The change the drawer starts with (opens the drawer)."""
        self.session.require_between_sales()
        cash.opening_float(self.session.journal, amount_ore)
        self.drawer.kick()
        money = money_text(amount_ore)
        self.session.notice("info", T("opening_float_recorded", money=money), "cash_float")
        return True

    def withdraw(self, amount_ore: int, reason: str = "") -> bool:
        """Cash taken out of the drawer (to the safe); counted in the X/Z reports."""
        self.session.require_between_sales()
        cash.withdraw(self.session.journal, amount_ore, reason)
        self.drawer.kick()
        money = money_text(amount_ore)
        self.session.notice("info", T("withdrawal_recorded", money=money), "cash_withdrawn")
        return True

    def count(self, amount_ore: int) -> bool:
        """The cash counted at close; the Z report shows the difference to what is expected."""
        self.session.require_between_sales()
        cash.count_cash(self.session.journal, amount_ore)
        money = money_text(amount_ore)
        self.session.notice("info", T("counted_cash_recorded", money=money), "cash_counted")
        return True

    def open_drawer(self, reason: str = "manual") -> bool:
        """Open the drawer by hand (no sale): journaled."""
        self.session.require_operator()
        self.session.journal.append(EventType.DRAWER_OPENED, {"manual": True, "reason": reason})
        self.drawer.kick()
        return True
