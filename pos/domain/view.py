"""An immutable picture of a sale, for the UI thread, receipts and replay checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos.domain.age import AgeCheck
from pos.domain.lines import SaleLine
from pos.domain.member import MemberRef
from pos.domain.tender import Tender
from pos.domain.totals import SaleTotals


@dataclass(frozen=True)
class SaleView:
    sale_id: str
    opened_at: datetime
    training: bool
    state: str
    lines: tuple[SaleLine, ...]
    member: MemberRef | None
    member_prices: bool
    age_check: AgeCheck
    tenders: tuple[Tender, ...]
    totals: SaleTotals
    remaining_ore: int
    cash_due_ore: int = 0
    """What cash must cover to finish now (rounded when the store rounds cash)."""
