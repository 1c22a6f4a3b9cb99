"""Bodies of the app API (the member's phone → backend)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, StrictBool

from backend_stub.schemas.common import (
    ELEVEN_DIGITS,
    NORWEGIAN_MOBILE,
    AwareDatetime,
    MemberSummary,
    Strict,
)

DeviceId = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")


class SmsStartIn(Strict):
    phone: str = Field(max_length=20, pattern=NORWEGIAN_MOBILE)
    device_id: str = DeviceId
    device_name: str = Field(default="", max_length=80)


class SmsStartOut(BaseModel):
    challenge_id: str
    expires_at: AwareDatetime
    sent_to: str


class SmsVerifyIn(Strict):
    challenge_id: str = Field(min_length=1, max_length=32)
    code: str = Field(min_length=1, max_length=12)


class BankIdStartIn(Strict):
    national_id: str = Field(min_length=11, max_length=11, pattern=ELEVEN_DIGITS)
    device_id: str = DeviceId
    device_name: str = Field(default="", max_length=80)


class BankIdStartOut(BaseModel):
    order_ref: str
    status: str = "pending"


class BankIdCollectIn(Strict):
    order_ref: str = Field(min_length=1, max_length=32)


class LoginOut(BaseModel):
    session_token: str
    session_id: str
    login_method: str


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


class SessionOut(BaseModel):
    session_id: str
    device_id: str
    device_name: str
    login_method: str
    created_at: AwareDatetime
    current: bool


class LogoutAllOut(BaseModel):
    sessions_ended: int


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


class CoopayTokenOut(BaseModel):
    qr_payload: str
    expires_at: AwareDatetime
    ttl_seconds: int


class MemberCardOut(BaseModel):
    card_number: str
    masked: str
    kind: str
    status: str
    symbology: str = "code128"


class AccountOut(BaseModel):
    balances: dict[str, int] | None
    entries: list[dict]
