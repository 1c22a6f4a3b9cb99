"""The operations of a sale: what the journal records and replays.

A sale is its operations: `Sale.replay(ops)` rebuilds an open sale exactly
(same line ids, same totals) after a crash. Operations are the *inputs* the till
accepted, with snapshots of the products (so a catalog change cannot rewrite a
sale) and the time each was done (so rules judged at that time are not judged
again at replay). Each serialises to a small JSON-ready dict (`op` names it):

    {"op": "add_product", "product": {...}, "quantity": 2, "at": "2025-03-14T10:05:00+01:00"}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar

from pos.domain.member import MemberRef
from pos.domain.offers import Offer
from pos.domain.product import Product
from pos.domain.sale_errors import ReplayError
from pos.domain.tender import TenderKind
from pos.domain.texts import T


@dataclass(frozen=True)
class OpenSale:
    op: ClassVar[str] = "open"
    sale_id: str
    opened_at: datetime
    offers: tuple[Offer, ...] = ()
    training: bool = False


@dataclass(frozen=True)
class AddProduct:
    op: ClassVar[str] = "add_product"
    product: Product
    quantity: int
    at: datetime
    deposit: Product | None = None


@dataclass(frozen=True)
class AddWeighed:
    op: ClassVar[str] = "add_weighed"
    product: Product
    weight_g: int
    at: datetime


@dataclass(frozen=True)
class AddPriced:
    op: ClassVar[str] = "add_priced"
    product: Product
    price_ore: int
    at: datetime


@dataclass(frozen=True)
class SetQuantity:
    op: ClassVar[str] = "set_quantity"
    line_id: int
    quantity: int


@dataclass(frozen=True)
class VoidLine:
    op: ClassVar[str] = "void_line"
    line_id: int
    reason: str = "cashier"


@dataclass(frozen=True)
class AttachMember:
    op: ClassVar[str] = "attach_member"
    member: MemberRef


@dataclass(frozen=True)
class DetachMember:
    op: ClassVar[str] = "detach_member"


@dataclass(frozen=True)
class ConfirmAge:
    op: ClassVar[str] = "confirm_age"


@dataclass(frozen=True)
class RefuseAge:
    op: ClassVar[str] = "refuse_age"


@dataclass(frozen=True)
class RedeemDepositSlip:
    op: ClassVar[str] = "redeem_deposit_slip"
    slip_id: str
    serial: str
    value_ore: int


@dataclass(frozen=True)
class AddTender:
    op: ClassVar[str] = "add_tender"
    kind: TenderKind
    amount_ore: int
    at: datetime
    reference: str = ""
    masked_card: str = ""


@dataclass(frozen=True)
class VoidTender:
    """Undo a tender before the sale is paid (a card payment must be reversed first)."""

    op: ClassVar[str] = "void_tender"
    tender_id: int
    reason: str = "cashier"


@dataclass(frozen=True)
class CancelSale:
    op: ClassVar[str] = "cancel"
    reason: str
    at: datetime


Operation = (
    OpenSale | AddProduct | AddWeighed | AddPriced | SetQuantity | VoidLine | AttachMember
    | DetachMember | ConfirmAge | RefuseAge | RedeemDepositSlip | AddTender | VoidTender
    | CancelSale
)

OPERATION_TYPES: dict[str, type] = {
    cls.op: cls
    for cls in (
        OpenSale, AddProduct, AddWeighed, AddPriced, SetQuantity, VoidLine, AttachMember,
        DetachMember, ConfirmAge, RefuseAge, RedeemDepositSlip, AddTender, VoidTender,
        CancelSale,
    )
}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Product | Offer | MemberRef):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, TenderKind):
        return str(value)
    return value


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "opened_at": datetime.fromisoformat,
    "at": datetime.fromisoformat,
    "product": Product.from_dict,
    "deposit": lambda d: None if d is None else Product.from_dict(d),
    "offers": lambda items: tuple(Offer.from_dict(i) for i in items),
    "member": MemberRef.from_dict,
    "kind": TenderKind,
}


_PLAIN_TYPES: dict[str, type] = {
    "sale_id": str, "training": bool, "quantity": int, "weight_g": int, "price_ore": int,
    "line_id": int, "reason": str, "slip_id": str, "serial": str, "value_ore": int,
    "amount_ore": int, "reference": str, "masked_card": str, "tender_id": int,
}


def _check_plain(name: str, value: Any) -> None:
    expected = _PLAIN_TYPES.get(name)
    if expected is None:
        return
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise TypeError(f"{name} must be {expected.__name__}, not {type(value).__name__}")


def operation_to_dict(operation: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {"op": operation.op}
    for f in fields(operation):
        out[f.name] = _encode(getattr(operation, f.name))
    return out


def operation_from_dict(data: dict[str, Any]) -> Operation:
    """Rebuild an operation from `operation_to_dict` output; raises `ReplayError` if it can't."""
    try:
        cls = OPERATION_TYPES[data["op"]]
        values = {
            f.name: _DECODERS.get(f.name, _same)(data[f.name])
            for f in fields(cls)
            if f.name in data
        }
        for name, value in values.items():
            _check_plain(name, value)
        return cls(**values)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReplayError(T("cannot_read_operation", exc=exc)) from None


def _same(value: Any) -> Any:
    return value
