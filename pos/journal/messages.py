"""What `pos journal verify` tells a person, in Norwegian bokmål (default) and English.

Findings are kept as a code plus parameters (`Finding`) so programs can act on
them and people can read them in their language; the words are the journal's
catalogue (`pos/journal/texts.toml`, through `pos.journal.texts.T`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pos.journal.texts import T

LANGUAGES = ("nb", "en")

def text(code: str, lang: str = "nb", **params: Any) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    return T(code, **params).get(lang)


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the journal: a message code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self, lang: str = "nb") -> str:
        return text(self.code, lang, **self.params)
