"""Typed errors of the journal: each says what was refused and why, so the till can show it."""

from __future__ import annotations

from pos.journal.texts import T


class JournalError(Exception):
    """The journal refused or could not do something; the message says what and why."""


class JournalNotFound(JournalError):
    """There is no journal file at the given path (and none was to be created)."""


class SchemaError(JournalError):
    """The file is not a till journal, or was written by a newer till."""


class RegisterMismatch(JournalError):
    """The journal belongs to another register or store than the one opening it."""


class PayloadError(JournalError, ValueError):
    """An event payload that cannot be stored exactly (floats, non-string keys, odd types)."""


class SaleStateError(JournalError):
    """The event does not fit the sale's state (e.g. a line for a sale that is not open)."""


class CopyLimitReached(SaleStateError):
    """A second copy of a receipt: the regulation allows at most one ("KOPI")."""


class MalformedEntry(JournalError):
    """A cash transaction whose sale cannot be rebuilt from its entries (a damaged journal).

    Raised by readers (reports, SAF-T) instead of whatever the rebuild tripped on,
    so the person sees which entry is damaged rather than an unrelated rule.
    """

    def __init__(self, seq: int, nr: int | None, reason: str) -> None:
        self.seq, self.nr, self.reason = seq, nr, reason
        super().__init__(self.message("en"))

    def message(self, lang: str = "nb") -> str:
        return T("malformed_entry", seq=self.seq, nr=self.nr, reason=self.reason).get(lang)


class SigningKeyError(JournalError):
    """The register's signing key is missing, unreadable, too open, or not the recorded one."""


class ZReportRefused(JournalError):
    """A Z report out of turn: a second one for the same day, a wrong number, a sale open.

    `reason` is `same_day`, `wrong_number` or `sale_open`, for callers that explain it.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
