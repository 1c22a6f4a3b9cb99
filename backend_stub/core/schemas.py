"""Shared pieces of the HTTP contract."""

from __future__ import annotations

import warnings
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

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
