"""Bodies about members: the till's lookup, the member's own view, family."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from backend_stub.core.schemas import ELEVEN_DIGITS, NORWEGIAN_MOBILE, AwareDatetime, Strict


class MemberSummary(BaseModel):
    member_ref: str
    role: str
    initials: str
    owner_initials: str | None = None
    status: str
    masked_card: str | None = None


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


class ReloginState(BaseModel):
    wave: int
    opens_at: AwareDatetime
    deadline: AwareDatetime
    turn_open: bool
    due: bool
    done: bool
    forced_out: bool


class MeOut(BaseModel):
    member: MemberSummary
    given_name: str
    session_id: str
    login_method: str
    new_login_done: bool
    coopay_enabled: bool
    relogin: ReloginState | None
    balances: dict[str, int] | None


class FamilyIn(Strict):
    given_name: str = Field(min_length=1, max_length=80)
    family_name: str = Field(min_length=1, max_length=80)
    birth_date: date
    phone: str = Field(max_length=20, pattern=NORWEGIAN_MOBILE)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")
    national_id: str | None = Field(default=None, min_length=11, max_length=11,
                                    pattern=ELEVEN_DIGITS)
    address_line: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, pattern=r"^\d{4}$")
    city: str | None = Field(default=None, max_length=80)
    coopay_allowed: StrictBool | None = None


class FamilyPatchIn(Strict):
    coopay_allowed: StrictBool


class FamilyMemberOut(MemberSummary):
    given_name: str
    coopay_allowed: bool
    added_at: AwareDatetime


class MemberCardOut(BaseModel):
    card_number: str
    masked: str
    kind: str
    status: str
    symbology: str = "code128"
