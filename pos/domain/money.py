"""Money is integer øre everywhere; this module only turns øre into text and back.

Why Babel for the digits: it knows the locale's decimal and grouping symbols.
Why we then normalise the group separator to a plain space: receipts are fixed
width ASCII-ish text and terminals show U+00A0/U+202F inconsistently, so
`kr 1 234,50` must be the same bytes on screen, on paper and in tests.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

from pos.domain.texts import Text

Ore = int
"""An amount in øre (1/100 NOK). Never a float."""

SUPPORTED_LANGUAGES = ("nb", "en")
_LOCALES = {"nb": "nb_NO", "en": "en_GB"}
_PREFIX = {"nb": "kr", "en": "NOK"}
_SPACES = re.compile("[\u00a0\u202f\u2009]")


class MoneyError(ValueError):
    """Text that is not an amount of money, or an amount that is not whole øre."""


def format_money(amount: Ore, lang: str = "nb") -> str:
    """`kr 1 234,50` (nb) or `NOK 1,234.50` (en); negatives as `kr -12,00`."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise MoneyError(f"amounts are integer øre, got {type(amount).__name__}")
    if lang not in _LOCALES:
        raise MoneyError(f"unsupported language {lang!r}; use one of {SUPPORTED_LANGUAGES}")
    number = format_decimal(Decimal(amount).scaleb(-2), format="#,##0.00", locale=_LOCALES[lang])
    number = _SPACES.sub(" ", number).replace("\u2212", "-")
    return f"{_PREFIX[lang]} {number}"


def format_amount(amount: Ore, lang: str = "nb") -> str:
    """The number alone (`1 234,50`), for receipt columns where `kr` stands in the header."""
    return format_money(amount, lang).split(" ", 1)[1]


_AMOUNT = re.compile(r"^\s*(?P<sign>-)?\s*(?P<kr>\d{1,9})(?:[.,](?P<ore>\d{1,2}))?\s*$")


def parse_amount(text: str) -> Ore:
    """Parse what a cashier types (`12`, `12,5`, `12.50`, `1 234,50`, `kr 20`) into øre."""
    cleaned = _SPACES.sub("", text).replace(" ", "")
    for prefix in ("kr", "NOK", "nok", "Kr"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix):]
    match = _AMOUNT.match(cleaned)
    if not match:
        raise MoneyError(f"not an amount: {text!r} (write e.g. 123,50)")
    ore_text = (match["ore"] or "0").ljust(2, "0")
    value = int(match["kr"]) * 100 + int(ore_text)
    return -value if match["sign"] else value


def two_decimals(amount: Ore) -> str:
    """`1234.50`: a dot and two decimals, as signed texts and SAF-T want it."""
    sign = "-" if amount < 0 else ""
    whole, ore = divmod(abs(amount), 100)
    return f"{sign}{whole}.{ore:02d}"


def money(amount: Ore) -> Text:
    """An amount as a message parameter: `kr 1 234,50` in bokmål, `NOK 1,234.50` in English."""
    return Text.literal(format_money(amount, "nb"), format_money(amount, "en"))
