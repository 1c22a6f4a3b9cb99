"""The lane's words for shoppers and attendants, bokmål first, English on the language button.

Short sentences that each say what to do next: a shopper reads them standing,
once, with a basket in one hand.
"""

from __future__ import annotations

from pos.domain.texts import catalogue

T = catalogue("lane_face", __package__)


def t(key: str, lang: str, **values: object) -> str:
    """The word for `key` in `lang`, `{name}` fields filled in."""
    return T(key, **values).get(lang)


def count_items(n: int, lang: str) -> str:
    """"1 vare", "2 varer": the number of items with the noun that fits it."""
    return t("items_one" if n == 1 else "items", lang, n=n)
