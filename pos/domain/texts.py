"""User-facing text in two languages, and the one error base that carries it.

Why one base: the till shows every refusal to a cashier or a shopper in
Norwegian bokmål (English on request), while logs and tests want a stable
machine key. Every error the domain raises is a `DomainError` (a `ValueError`)
with `.code` (stable key), `.text` (nb/en) and `.message(lang)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

LANGUAGES = ("nb", "en")


@dataclass(frozen=True)
class Text:
    """One message in bokmål and English; `get(lang)` falls back to bokmål."""

    nb: str
    en: str

    def get(self, lang: str = "nb") -> str:
        return self.en if lang == "en" else self.nb

    def __add__(self, other: Text) -> Text:
        return Text(self.nb + other.nb, self.en + other.en)


class DomainError(ValueError):
    """Base of every error the sale domain raises; `str(err)` is the English text."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text

    def message(self, lang: str = "nb") -> str:
        return self.text.get(lang)
