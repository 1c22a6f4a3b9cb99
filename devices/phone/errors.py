"""What the phone simulator raises: a message for the person at the keyboard."""

from __future__ import annotations


class PhoneError(Exception):
    """Something the phone cannot do; `code` is the backend's problem code when there is one."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.status = status
