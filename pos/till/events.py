"""What the till engine tells its UI: plain frozen dataclasses, no behaviour.

The engine calls its listener with one of these after every change a person
should see. They are safe to hand between threads (frozen, no references to
live engine state: a sale is passed as an immutable `SaleView`). All
user-facing text is a `Text` (nb and en); `.get(lang)` picks one.

Which thread calls the listener: every event comes from the thread that called
the engine method (the UI's event loop), except `StatusChanged`, which the
background sync worker also emits from its own thread. A Textual UI forwards
with `post_message` (thread-safe) and is always right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pos.compliance.reports import Report
from pos.domain.lines import SaleLine
from pos.domain.member import MemberRef
from pos.domain.texts import Text
from pos.domain.view import SaleView

NoticeLevel = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Notice:
    """Something to tell the cashier (a refusal, an unknown code, a device that went away).

    `code` is a stable machine key (`unknown_barcode`, `beer_hours`, `card_blocked`,
    `coopay_declined`, `backend_offline`, …) for tests and for the UI to pick a style.
    """

    level: NoticeLevel
    text: Text
    code: str = ""

    @property
    def text_nb(self) -> str:
        return self.text.nb

    @property
    def text_en(self) -> str:
        return self.text.en


@dataclass(frozen=True)
class SessionChanged:
    """An operator logged in (`operator_id` set) or out (None), or training mode switched."""

    operator_id: str | None
    operator_name: str = ""
    training: bool = False
    """Training mode: receipts are marked and counted apart (the header says so)."""


@dataclass(frozen=True)
class SaleChanged:
    """The open sale changed (or closed: `sale` None means no sale is open)."""

    sale: SaleView | None


@dataclass(frozen=True)
class NeedsAgeCheck:
    """Ask the cashier to check ID: the UI shows a modal and calls `confirm_age`/`refuse_age`."""

    required_age: int
    lines: tuple[SaleLine, ...]


@dataclass(frozen=True)
class UnknownCode:
    """A scanned or typed code the catalog does not know; the way on is a price lookup or skip.

    The UI offers `Till.search(...)`/`Till.add_product(key)` (price lookup by name or
    PLU) or simply dismisses it (skip).
    """

    code: str
    text: Text


@dataclass(frozen=True)
class WeightNeeded:
    """A kg item was scanned without a weight: the UI asks for grams → `Till.add_weighed`."""

    product_key: str
    product_name: str


@dataclass(frozen=True)
class MemberChanged:
    """A member card was read: `member` attached (maybe `pending` while offline) or refused."""

    member: MemberRef | None
    pending: bool = False
    """Accepted while the backend was unreachable; resolved at sync."""


@dataclass(frozen=True)
class PaymentProgress:
    """A live prompt from the payment terminal, or a Coopay authorisation under way."""

    method: Literal["card", "coopay"]
    text: Text
    code: str = ""


@dataclass(frozen=True)
class PaymentFinished:
    """One payment attempt ended. `outcome`: approved, declined, cancelled, timeout, unavailable."""

    method: Literal["cash", "card", "coopay"]
    outcome: str
    amount_ore: int
    text: Text
    reason_code: str = ""
    reference: str = ""


@dataclass(frozen=True)
class ReceiptReady:
    """A sale was completed (or voided) and its receipt printed: show `text`."""

    sale_id: str
    receipt_number: int
    text: str
    change_ore: int = 0
    voided: bool = False


@dataclass(frozen=True)
class QuantityArmed:
    """`3*` was typed: the next item comes `quantity` times (None: the prefix was used up)."""

    quantity: int | None


@dataclass(frozen=True)
class ReportReady:
    """An X or Z report was run: `text` is what was printed."""

    kind: str
    number: int | None
    text: str
    report: Report


@dataclass(frozen=True)
class StatusChanged:
    """Device states, backend reachability and purchases waiting to sync (status bar)."""

    devices: Mapping[str, str] = field(default_factory=dict)
    backend_online: bool | None = None
    """None: not known yet (no request made)."""
    outbox_pending: int = 0
    card_reads_pending: int = 0


TillEvent = (
    Notice | SessionChanged | SaleChanged | NeedsAgeCheck | UnknownCode | WeightNeeded
    | MemberChanged | PaymentProgress | PaymentFinished | ReceiptReady | StatusChanged
    | QuantityArmed | ReportReady
)
