"""Cash management between sales: opening float, no-sale drawer opening, withdrawal, count.

Each is one journal event (the regulation wants the drawer's every opening
and every movement of money visible), and the X/Z reports add them up:
expected cash = float + cash taken − cash refunded − withdrawals, compared with
the count at close. A drawer opening without a sale is `drawer.opened` with
`manual: true` (SAF-T DRAWOPENMAN) and is counted on its own in the reports.
"""

from __future__ import annotations

from pos.compliance.texts import T
from pos.domain.texts import DomainError
from pos.journal import Entry, EventType, Journal


class CashError(DomainError):
    code = "cash_error"


def _amount(amount_ore: int) -> int:
    if not isinstance(amount_ore, int) or isinstance(amount_ore, bool) or amount_ore < 0:
        raise CashError(T("amount_whole_ore"))
    return amount_ore


def opening_float(journal: Journal, amount_ore: int) -> Entry:
    """The change the drawer starts the day with; the drawer opens to put it in."""
    with journal.atomic():
        entry = journal.append(EventType.CASH_FLOAT, {"amount_ore": _amount(amount_ore)})
        journal.append(EventType.DRAWER_OPENED, {"manual": True, "reason": "float"})
    return entry


def no_sale(journal: Journal, reason: str = "") -> Entry:
    """Open the drawer without a sale (counted separately in the reports)."""
    return journal.append(EventType.DRAWER_OPENED, {"manual": True, "reason": reason or "no_sale"})


def withdraw(journal: Journal, amount_ore: int, reason: str = "") -> Entry:
    """Take cash out of the drawer (to the safe, to the bank)."""
    if _amount(amount_ore) == 0:
        raise CashError(T("withdrawal_must_above_0_kr"))
    with journal.atomic():
        entry = journal.append(EventType.CASH_WITHDRAWN, {"amount_ore": amount_ore,
                                                          "reason": reason})
        journal.append(EventType.DRAWER_OPENED, {"manual": True, "reason": "withdrawal"})
    return entry


def count_cash(journal: Journal, amount_ore: int) -> Entry:
    """The cash counted in the drawer at close (the Z report shows the difference)."""
    return journal.append(EventType.CASH_COUNTED, {"amount_ore": _amount(amount_ore)})
