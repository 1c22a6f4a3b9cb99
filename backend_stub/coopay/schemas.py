"""Bodies of Coopay: the app's token, the till's authorisation and refund."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from backend_stub.core.schemas import AwareDatetime, Strict
from backend_stub.members.schemas import MemberSummary


class CoopayAuthoriseIn(Strict):
    qr_payload: str = Field(min_length=1, max_length=512)
    amount_ore: int = Field(ge=1, le=100_000_000)
    purchase_id: UUID
    store: int | None = Field(default=None, ge=1)


class CoopayApproved(BaseModel):
    status: str
    payment_reference: str
    amount_ore: int
    approved_at: AwareDatetime
    purchase_id: str
    member: MemberSummary


class CoopayRefundIn(Strict):
    payment_reference: str = Field(min_length=1, max_length=24)
    amount_ore: int = Field(ge=1, le=100_000_000)
    purchase_id: UUID | None = None


class CoopayRefunded(BaseModel):
    status: str
    refund_reference: str
    payment_reference: str
    amount_ore: int
    refunded_total_ore: int
    refundable_ore: int


class CoopayTokenOut(BaseModel):
    qr_payload: str
    expires_at: AwareDatetime
    ttl_seconds: int
