"""The cashier till's words in bokmål and English, switchable at runtime.

The words live in `texts.toml` beside this package (one keyed catalogue, checked
by `tests/test_text_catalogues.py`); `tr(key, lang)` renders one. A missing key is
a programming error and raises `KeyError` in tests instead of showing a raw key to
a cashier.
"""

from __future__ import annotations

from pos.faces.cashier.texts import T

LANGS = ("nb", "en")


def tr(key: str, lang: str = "nb", **values: object) -> str:
    """The UI word for `key` in `lang` (bokmål unless "en"), with `{name}` fields filled in."""
    return T(key, **values).get(lang)


def other_language(lang: str) -> str:
    return "en" if lang == "nb" else "nb"
