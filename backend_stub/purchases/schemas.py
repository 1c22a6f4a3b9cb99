"""The purchase a till sends (POST /terminal/v1/purchases) and what it gets back.

Amounts are integer øre. `lines[].amount_ore` is what the line costs after its
discounts (negative for returned goods, deposit slips and similar). The totals must
add up: the non-voided line amounts sum to `totals.total_ore`, and the tenders sum
to `total_ore + rounding_ore` (cash rounding, BRIEF §3). A return is a purchase of
kind `return` with negative lines and `original_purchase_id`.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from backend_stub.core.schemas import AwareDatetime, Strict
from backend_stub.members.schemas import MemberSummary

Gtin = Field(default=None, pattern=r"^\d{8,14}$")


class MemberIdentification(Strict):
    """Exactly one: a member_ref from a lookup, or what the card reader gave offline."""

    member_ref: str | None = Field(default=None, max_length=16)
    card_number: str | None = Field(default=None, max_length=32)
    uid: str | None = Field(default=None, max_length=32)
    barcode: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _exactly_one(self) -> MemberIdentification:
        given = [v for v in (self.member_ref, self.card_number, self.uid, self.barcode) if v]
        if len(given) != 1:
            raise ValueError("give exactly one of member_ref, card_number, uid, barcode")
        return self


class LineIn(Strict):
    line_no: int = Field(ge=1, le=10_000)
    gtin: str | None = Gtin
    plu: str | None = Field(default=None, pattern=r"^\d{1,8}$")
    name: str = Field(min_length=1, max_length=120)
    product_group: str = Field(default="", max_length=32)
    quantity: int | None = Field(default=None, ge=-100_000, le=100_000)
    weight_g: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    unit_price_ore: int = Field(ge=-100_000_000, le=100_000_000)
    amount_ore: int = Field(ge=-100_000_000, le=100_000_000)
    discount_ore: int = Field(default=0, ge=0, le=100_000_000)
    vat_rate: Literal[0, 12, 15, 25]
    dividend_eligible: StrictBool = True
    voided: StrictBool = False
    # A line has a quantity or a weight, not both: checked by `PurchaseIn._rules`, in the
    # one pass over the purchase's lines (a validator per line cost a call per line).


class TenderIn(Strict):
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"kind": {"const": "coopay"}}, "required": ["kind"]},
        "then": {"required": ["reference"],
                 "properties": {"reference": {"type": "string", "minLength": 1}}},
    })  # the coopay rule of `PurchaseIn._rules`, in the schema

    kind: Literal["cash", "card", "coopay", "voucher", "other"]
    amount_ore: int = Field(ge=-100_000_000, le=100_000_000)
    reference: str | None = Field(default=None, max_length=64)

    # a coopay tender carries its payment reference: checked by `PurchaseIn._rules`


class TotalsIn(Strict):
    total_ore: int = Field(ge=-1_000_000_000, le=1_000_000_000)
    rounding_ore: int = Field(default=0, ge=-50, le=50)


_RETURN_SHAPE = {
    "if": {"properties": {"kind": {"const": "return"}}, "required": ["kind"]},
    "then": {
        "required": ["original_purchase_id"],
        "properties": {
            "original_purchase_id": {"type": "string", "format": "uuid"},
            "lines": {"items": {"anyOf": [
                {"properties": {"voided": {"const": True}}, "required": ["voided"]},
                {"properties": {"amount_ore": {"maximum": 0}}},
            ]}},
        },
    },
    "else": {"properties": {"original_purchase_id": {"type": "null"}}},
}
"""The return rule of `PurchaseIn._rules` in the schema: a return names its original and
has no positive line; a sale names none."""


class PurchaseIn(Strict):
    model_config = ConfigDict(json_schema_extra=_RETURN_SHAPE)

    purchase_id: UUID
    kind: Literal["sale", "return"] = "sale"
    original_purchase_id: UUID | None = None
    store: int = Field(ge=1)
    register: int = Field(ge=1)
    receipt_number: str = Field(min_length=1, max_length=32)
    started_at: AwareDatetime | None = None
    completed_at: AwareDatetime
    training: StrictBool = False
    member: MemberIdentification | None = None
    lines: list[LineIn] = Field(min_length=1, max_length=1000)
    tenders: list[TenderIn] = Field(default_factory=list, max_length=20)
    totals: TotalsIn

    @model_validator(mode="after")
    def _rules(self) -> PurchaseIn:
        """The rules a field cannot check alone, for the whole purchase in one pass: its
        lines' and tenders' too (one call a purchase, not one a line)."""
        for line in self.lines:
            if line.quantity is not None and line.weight_g is not None:
                raise ValueError(
                    f"line {line.line_no} has a quantity and a weight: give one of them"
                )
        for tender in self.tenders:
            if tender.kind == "coopay" and not tender.reference:
                raise ValueError(
                    "a coopay tender carries the payment_reference it was approved with"
                )
        if self.kind == "return":
            if self.original_purchase_id is None:
                raise ValueError("a return names its original_purchase_id")
            if any(line.amount_ore > 0 for line in self.lines if not line.voided):
                raise ValueError("a return has only negative (or zero) line amounts")
        elif self.original_purchase_id is not None:
            raise ValueError("only a return has an original_purchase_id")
        return self


class Earned(BaseModel):
    eligible_ore: int
    dividend_rate_bp: int
    dividend_ore: int
    bonus_ore: int


class Account(BaseModel):
    masked_member_number: str
    owner_initials: str


class MemberResolution(BaseModel):
    resolved: bool
    reason: str
    member: MemberSummary | None = None


class PurchaseOut(BaseModel):
    purchase_id: str
    kind: str
    status: Literal["recorded"] = "recorded"
    received_at: AwareDatetime
    member: MemberResolution
    earned: Earned
    account: Account | None = None


class BatchItemIn(Strict):
    idempotency_key: str = Field(min_length=1, max_length=255)
    purchase: PurchaseIn


class BatchIn(Strict):
    items: list[BatchItemIn] = Field(min_length=1)


class BatchItemOut(BaseModel):
    idempotency_key: str
    status: int
    replayed: bool
    body: dict


class BatchOut(BaseModel):
    results: list[BatchItemOut]


class AccountOut(BaseModel):
    balances: dict[str, int] | None
    entries: list[dict]

