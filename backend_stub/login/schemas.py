"""Bodies of the app login: SMS code, BankID, sessions."""

from __future__ import annotations

from pydantic import BaseModel, Field

from backend_stub.core.schemas import (
    ELEVEN_DIGITS,
    NORWEGIAN_MOBILE,
    AwareDatetime,
    DeviceId,
    Strict,
)


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


class SessionOut(BaseModel):
    session_id: str
    device_id: str
    device_name: str
    login_method: str
    created_at: AwareDatetime
    current: bool


class LogoutAllOut(BaseModel):
    sessions_ended: int
