"""Which event may follow which: the register's session and the life of a sale.

Pure rules (no SQL) so they can be read and tested on their own. The journal
asks `check()` before writing and keeps `Session.after()` as its state. Why
enforce them in the journal and not only in the UI: the journal is what a
crash replays and what an auditor reads; a line written to a completed sale
or two sales open at once would make both wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from pos.journal.errors import SaleStateError
from pos.journal.events import SALE_LIFECYCLE, SALE_OPERATIONS, EventType


class SaleStatus(StrEnum):
    OPEN = "open"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    VOIDED = "voided"


STATUS_AFTER = {
    EventType.SALE_STARTED: SaleStatus.OPEN,
    EventType.SALE_RESUMED: SaleStatus.OPEN,
    EventType.SALE_SUSPENDED: SaleStatus.SUSPENDED,
    EventType.SALE_COMPLETED: SaleStatus.COMPLETED,
    EventType.SALE_VOIDED: SaleStatus.VOIDED,
}
assert set(STATUS_AFTER) == SALE_LIFECYCLE

NEEDS_OPEN_SALE = SALE_OPERATIONS | {
    EventType.SALE_SUSPENDED,
    EventType.SALE_COMPLETED,
    EventType.SALE_VOIDED,
}
NEEDS_NO_OPEN_SALE = frozenset(
    {EventType.SALE_STARTED, EventType.SALE_RESUMED, EventType.TRAINING_ON, EventType.TRAINING_OFF}
)
NEEDS_FINISHED_SALE = frozenset({EventType.RECEIPT_PRINTED, EventType.RECEIPT_COPY_PRINTED})


@dataclass(frozen=True)
class Session:
    """Who works the register, in which mode, and which sale is open."""

    operator_id: str | None = None
    training: bool = False
    open_sale_id: str | None = None

    def after(self, event: EventType, sale_id: str | None, operator_id: str | None) -> Session:
        if event == EventType.OPERATOR_LOGIN:
            return replace(self, operator_id=operator_id)
        if event == EventType.OPERATOR_LOGOUT:
            return replace(self, operator_id=None)
        if event in (EventType.TRAINING_ON, EventType.TRAINING_OFF):
            return replace(self, training=event == EventType.TRAINING_ON)
        if event in STATUS_AFTER:
            is_open = STATUS_AFTER[event] == SaleStatus.OPEN
            return replace(self, open_sale_id=sale_id if is_open else None)
        return self


def check(event: EventType, sale_id: str | None, session: Session,
          status: SaleStatus | None) -> None:
    """Raise `SaleStateError` when `event` for `sale_id` (whose status is `status`) is wrong now.

    `status` is the sale's status from its last lifecycle event, None when the
    sale id was never seen.
    """
    open_id = session.open_sale_id
    needs_id = NEEDS_OPEN_SALE | {EventType.SALE_STARTED, EventType.SALE_RESUMED}
    if event in needs_id and not sale_id:
        raise SaleStateError(f"{event} needs a sale id")
    if event in NEEDS_NO_OPEN_SALE and open_id is not None:
        raise SaleStateError(
            f"{event} is not possible while sale {open_id} is open; "
            "complete, void or suspend it first"
        )
    if event in NEEDS_OPEN_SALE and sale_id != open_id:
        now = "no sale is open" if open_id is None else f"the open sale is {open_id}"
        raise SaleStateError(f"{event} for sale {sale_id}, but {now}")
    if event == EventType.SALE_STARTED and status is not None:
        raise SaleStateError(f"sale id {sale_id} is already used (it is {status})")
    if event == EventType.SALE_RESUMED and status != SaleStatus.SUSPENDED:
        raise SaleStateError(f"sale {sale_id} is not suspended (it is {status or 'unknown'})")
    if event in NEEDS_FINISHED_SALE:
        if not sale_id:
            raise SaleStateError(f"{event} needs the sale id of the receipt")
        if status not in (SaleStatus.COMPLETED, SaleStatus.VOIDED):
            raise SaleStateError(
                f"{event} for sale {sale_id}, which is {status or 'unknown'}, not finished"
            )
    elif sale_id and status is None and event not in SALE_LIFECYCLE | NEEDS_OPEN_SALE:
        raise SaleStateError(f"{event} names sale {sale_id}, which the journal does not know")
