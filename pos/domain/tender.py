"""Tenders (cash, bank card, Coopay) and how each settles what is left to pay.

Only cash is rounded, and only when the cash settles the rest of the sale:
the remainder is rounded to whole kroner (1–49 øre down, 50–99 up) and the
difference is its own visible amount (`rounding_ore`). A part payment in cash
is exact and must be whole kroner (Norway has no coins below 1 kr). Card and
Coopay are exact and can never exceed what is left. Change comes only from cash.
When the sale owes the shopper money (deposit slips worth more than the
goods), a cash tender of 0 pays it out, rounded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pos.domain.money import money
from pos.domain.rounding import round_cash
from pos.domain.sale_errors import TenderError
from pos.domain.texts import T


class TenderKind(StrEnum):
    CASH = "cash"
    CARD = "card"
    COOPAY = "coopay"


TENDER_NAMES = {
    TenderKind.CASH: T("cash"),
    TenderKind.CARD: T("bank_card"),
    TenderKind.COOPAY: T("coopay"),
}


@dataclass(frozen=True)
class Tender:
    tender_id: int
    kind: TenderKind
    amount_ore: int
    """Handed over (cash) or charged (card, Coopay)."""
    applied_ore: int
    """How much of the sale total this tender settles."""
    rounding_ore: int = 0
    change_ore: int = 0
    reference: str = ""
    """The card terminal's transaction id, or the Coopay payment id."""
    masked_card: str = ""
    at: datetime | None = None
    voided: bool = False
    void_reason: str = ""


@dataclass(frozen=True)
class Settlement:
    applied_ore: int
    rounding_ore: int
    change_ore: int


def cash_due(remaining_ore: int, cash_rounding: bool) -> int:
    """What cash must cover to settle `remaining_ore` (negative: to pay out)."""
    return round_cash(remaining_ore) if cash_rounding else remaining_ore


def settle(
    kind: TenderKind, amount_ore: int, remaining_ore: int, cash_rounding: bool
) -> Settlement:
    """How a tender of `amount_ore` settles `remaining_ore`; raises `TenderError` if it cannot."""
    if not isinstance(amount_ore, int) or isinstance(amount_ore, bool) or amount_ore < 0:
        raise TenderError(T("amount_must_positive"))
    if kind is TenderKind.CASH:
        return _settle_cash(amount_ore, remaining_ore, cash_rounding)
    if remaining_ore <= 0:
        raise TenderError(T("nothing_left_pay_card"))
    if amount_ore == 0 or amount_ore > remaining_ore:
        raise TenderError(T("card_amount_range", low=money(1), high=money(remaining_ore)))
    return Settlement(amount_ore, 0, 0)


def _settle_cash(amount_ore: int, remaining_ore: int, cash_rounding: bool) -> Settlement:
    due = cash_due(remaining_ore, cash_rounding)
    if amount_ore >= due:
        return Settlement(remaining_ore, due - remaining_ore, amount_ore - due)
    if cash_rounding and amount_ore % 100:
        raise TenderError(T("cash_taken_whole_kroner"))
    if amount_ore == 0:
        raise TenderError(T("amount_cannot_0"))
    return Settlement(amount_ore, 0, 0)
