"""The handheld's words, bokmål first."""

from __future__ import annotations

from pos.domain.texts import catalogue

T = catalogue("handheld_face", __package__)


def t(key: str, lang: str, **values: object) -> str:
    """The word for `key` in `lang`, `{name}` fields filled in."""
    return T(key, **values).get(lang)


def count_items(n: int, lang: str) -> str:
    """"1 vare", "2 varer": the number of items with the noun that fits it."""
    return t("items_one" if n == 1 else "items", lang, n=n)
