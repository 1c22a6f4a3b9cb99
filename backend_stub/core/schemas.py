"""Shared pieces of the HTTP contract."""

from __future__ import annotations

import warnings
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from backend_stub.core.identity import NORWEGIAN_MOBILE  # noqa: F401 (the schemas' pattern)

# Tills name their register `register`; pydantic warns that it shadows ABC.register on the
# class. Instances read the field value, which is all we use.
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("times need a UTC offset, e.g. 2025-03-01T12:00:00+01:00")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Strict(BaseModel):
    """Unknown fields are an error: a typo in a field name must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


# an app installation's id (also in consents for push): no spaces, no control characters
DeviceId = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")


class Problem(BaseModel):
    """RFC 9457 problem details as every error is answered (`application/problem+json`):
    the stable `code` a client matches on and what a person reads, in both languages.
    Some problems carry more members (`errors`, `attempts_left`, `retry_after_seconds`)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    code: str
    message_nb: str
    message_en: str


ELEVEN_DIGITS = r"^[0-9]{11}$"
"""A national id's shape; its birth date and check digits are checked beyond the schema."""
