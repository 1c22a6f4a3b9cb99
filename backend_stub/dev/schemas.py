"""Bodies of the dev API (testers only; enabled by POS_BACKEND_DEV=1 or `serve --dev`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backend_stub.core.schemas import NORWEGIAN_MOBILE, AwareDatetime, Strict


class OutboxMessageOut(BaseModel):
    id: int
    channel: str
    address: str
    kind: str
    subject: str
    body: str
    created_at: AwareDatetime


class ClockIn(Strict):
    """Either a new time (`set`) or a step forward (`advance_seconds`), never both."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["set"]}, {"required": ["advance_seconds"]}]})

    set: AwareDatetime = None  # type: ignore[assignment]
    advance_seconds: float = Field(  # type: ignore[assignment]
        default=None, ge=0, le=10 * 365 * 86400, strict=True)

    @model_validator(mode="after")
    def _one(self) -> ClockIn:
        if (self.set is None) == (self.advance_seconds is None):
            raise ValueError("give either set or advance_seconds")
        return self


class ClockOut(BaseModel):
    now: AwareDatetime
    offset_seconds: float
    tick: dict | None = None


class PlanIn(Strict):
    waves: int = Field(ge=1, le=100)
    first_opens_at: AwareDatetime | None = None
    wave_every_days: float = Field(default=7, gt=0, le=365)
    grace_days: float = Field(default=30, gt=0, le=365)
    name: str = Field(default="Ny innlogging", max_length=80)


class LegacySessionIn(Strict):
    phone: str = Field(max_length=20, pattern=NORWEGIAN_MOBILE)
    device_id: str = Field(min_length=1, max_length=64)
    device_name: str = Field(default="", max_length=80)


class CardStatusIn(Strict):
    card_number: str = Field(min_length=16, max_length=16)
    status: Literal["active", "blocked", "lost"]
    reason: str | None = Field(default=None, max_length=200)


class StatusIn(Strict):
    status: Literal["active", "blocked"]
    reason: str | None = Field(default=None, max_length=200)
