"""What a self-checkout lane shows: its step, why it waits, and what the attendant is doing.

The lane (`pos.lane.lane.Lane`) emits `LaneChanged(state)` after every change, in
addition to the till's own events (`SaleChanged`, `Notice`, `PaymentFinished` …),
so a screen only has to look at the state to know what to ask the shopper next.
Plain frozen dataclasses: safe to hand to a UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos.lane.texts import T


class LaneStep(StrEnum):
    WELCOME = "welcome"
    """Nothing scanned yet: "Skann første vare" (or a ShopExpress checkout code)."""
    MEMBER = "member"
    """After the first item: "Er du medlem?" — scan the card or the app, or skip."""
    SCANNING = "scanning"
    PAYING = "paying"
    """The shopper chose to pay: card, Coopay, (cash if the lane has it)."""
    DONE = "done"
    """Paid: thanks and the receipt; the next scan starts a new sale."""


class WaitReason(StrEnum):
    AGE = "age"
    AUDIT = "audit"
    HELP = "help"
    BAGGING = "bagging"
    """Something in the bagging area that was not scanned (or went missing)."""


WAIT_TEXTS = {
    WaitReason.AGE: T("item_age_limit_member_staff"),
    WaitReason.AUDIT: T("picked_short_check_member_staff"),
    WaitReason.HELP: T("member_staff_called"),
    WaitReason.BAGGING: T("unexpected_item_staff_coming"),
}


@dataclass(frozen=True)
class AuditState:
    """The check in progress (or just finished) for a ShopExpress trip."""

    phase: str
    """sample, full, done."""
    sample_size: int
    rescanned: int
    reasons: tuple[str, ...] = ()
    mismatches: tuple[str, ...] = ()
    outcome: str = ""


@dataclass(frozen=True)
class LaneState:
    step: LaneStep = LaneStep.WELCOME
    waiting_for: tuple[WaitReason, ...] = ()
    """Why the lane is paused for an attendant (empty: it is not)."""
    attendant_id: str | None = None
    attendant_name: str = ""
    """Set while an attendant is signed in at the lane (attendant mode)."""
    member_skipped: bool = False
    cash: bool = False
    trip_id: str | None = None
    audit: AuditState | None = None
    receipt_text: str = ""
    receipt_number: int | None = None
    bagging: str = ""
    """The bagging area: "" (as scanned), "place_item" (waiting for the item just scanned),
    "unexpected_item" (more or less than scanned: the attendant is called)."""

    @property
    def paused(self) -> bool:
        return bool(self.waiting_for)

    @property
    def attendant_mode(self) -> bool:
        return self.attendant_id is not None


@dataclass(frozen=True)
class LaneChanged:
    state: LaneState
