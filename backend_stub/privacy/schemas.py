"""Bodies of the privacy part of the app API (consents, access export, leaving)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, StrictBool

from backend_stub.core.schemas import AwareDatetime, Strict


class ConsentIn(Strict):
    granted: StrictBool
    device_id: str | None = Field(
        default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$"
    )


class ConsentOut(BaseModel):
    purpose: str
    device_id: str | None
    granted: bool
    at: AwareDatetime | None
    source: str | None


class ConsentsOut(BaseModel):
    current: list[ConsentOut]
    history: list[ConsentOut]


class LeaveIn(Strict):
    confirm: Literal["AVSLUTT"] = Field(
        description='type "AVSLUTT" to confirm: leaving deletes all personal data'
    )


class SettlementOut(BaseModel):
    bonus_ore: int
    dividend_ore: int


class LeaveOut(BaseModel):
    membership_closed: bool
    persons_erased: int
    cards_closed: int
    purchases_anonymised: int
    settlement: SettlementOut


class OffersOut(BaseModel):
    analysis_consent: bool
    segment: str | None
    offers: list[str]
    computed_at: AwareDatetime | None
