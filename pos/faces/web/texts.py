"""The browser faces' own words (the second-tab message), bokmål first."""

from __future__ import annotations

from pos.domain.texts import catalogue

T = catalogue("web_faces", __package__)


def t(key: str, lang: str, **values: object) -> str:
    """The word for `key` in `lang`, `{name}` fields filled in."""
    return T(key, **values).get(lang)
