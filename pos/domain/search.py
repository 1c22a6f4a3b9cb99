"""Folding text for the cashier's search box: case- and diacritic-insensitive.

`fold("Smør Økologisk")` is `"smor okologisk"`: Unicode decomposition drops
accents (é → e), and the Norwegian letters that do not decompose are spelled
the way people type them on a keyboard without them (ø → o, æ → ae, å → a).
"""

from __future__ import annotations

import unicodedata

_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ð": "d", "þ": "th", "ß": "ss"})


def fold(text: str) -> str:
    lowered = text.casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(query: str) -> list[str]:
    return fold(query).split()
