"""How sale operations become journal entries and come back from them.

Every accepted `Operation` is journaled as one entry whose payload holds the
operation (`{"op": operation_to_dict(op)}`), under the event type the
regulation knows it by. Replaying a sale after a crash or a resume is then
`Sale.replay(operations_of(entries))`: the payloads in journal order, nothing
else. Entries without an operation (a payment terminal's answer, a price
lookup) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable

from pos.domain.operations import (
    AddPriced,
    AddProduct,
    AddTender,
    AddWeighed,
    AttachMember,
    CancelSale,
    ConfirmAge,
    DetachMember,
    OpenSale,
    Operation,
    RedeemDepositSlip,
    RefuseAge,
    SetQuantity,
    VoidLine,
    VoidTender,
    operation_from_dict,
)
from pos.journal import Entry, EventType

EVENT_FOR: dict[type, EventType] = {
    OpenSale: EventType.SALE_STARTED,
    AddProduct: EventType.LINE_ADDED,
    AddWeighed: EventType.LINE_ADDED,
    AddPriced: EventType.LINE_ADDED,
    RedeemDepositSlip: EventType.LINE_ADDED,
    SetQuantity: EventType.QUANTITY_CHANGED,
    VoidLine: EventType.LINE_VOIDED,
    AttachMember: EventType.MEMBER_ATTACHED,
    DetachMember: EventType.MEMBER_DETACHED,
    ConfirmAge: EventType.AGE_CONFIRMED,
    RefuseAge: EventType.AGE_REFUSED,
    AddTender: EventType.TENDER_ADDED,
    VoidTender: EventType.TENDER_VOIDED,
    CancelSale: EventType.SALE_VOIDED,
}


def event_for(operation: Operation) -> EventType:
    return EVENT_FOR[type(operation)]


def operations_of(entries: Iterable[Entry]) -> list[Operation]:
    """The recorded operations of one sale, in order (the first is its `OpenSale`)."""
    ops: list[Operation] = []
    for entry in entries:
        data = entry.payload.get("op") if entry.payload else None
        if isinstance(data, dict) and data.get("op") != CancelSale.op:
            ops.append(operation_from_dict(data))
    return ops
