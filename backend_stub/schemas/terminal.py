"""Bodies of the terminal API (till → backend) other than purchases."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend_stub.schemas.common import AwareDatetime, MemberSummary, Strict


class LookupIn(Strict):
    """Exactly one of: the card number, a card UID (RFID/NFC, hex), or a scanned barcode.

    In the schema too (`oneOf` the three, none null or empty), so a client generated from
    it cannot send a body the server refuses for its shape."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["card_number"]}, {"required": ["uid"]}, {"required": ["barcode"]}]})

    card_number: str = Field(default=None, min_length=1, max_length=32)  # type: ignore[assignment]
    uid: str = Field(default=None, min_length=1, max_length=32)  # type: ignore[assignment]
    barcode: str = Field(default=None, min_length=1, max_length=64)  # type: ignore[assignment]

    @model_validator(mode="after")
    def _exactly_one(self) -> LookupIn:
        if sum(1 for v in (self.card_number, self.uid, self.barcode) if v) != 1:
            raise ValueError("give exactly one of card_number, uid, barcode")
        return self


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


class TerminalHealth(BaseModel):
    status: str
    store: int
    register: int
    server_time: AwareDatetime
