"""GS1 element strings: both spellings round-trip, and garbage is a MalformedBarcode."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.barcode_types import MalformedBarcode
from pos.domain.gs1 import GS, parse_element_string

DIGITS = "0123456789"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./_"
FIELDS = st.fixed_dictionaries(
    {"01": st.text(DIGITS, min_size=14, max_size=14)},
    optional={
        "17": st.dates(date(2000, 1, 1), date(2099, 12, 31)).map(lambda d: d.strftime("%y%m%d")),
        "3103": st.text(DIGITS, min_size=6, max_size=6),
        "10": st.text(ALNUM, min_size=1, max_size=20),
        "3922": st.text(DIGITS, min_size=1, max_size=15),
        "21": st.text(ALNUM, min_size=1, max_size=20),
    },
)
VARIABLE = {"10", "21", "3922"}


def transmitted(fields: dict[str, str]) -> str:
    parts = []
    for ai, value in fields.items():
        parts.append(ai + value + (GS if ai in VARIABLE else ""))
    return "".join(parts)


def human(fields: dict[str, str]) -> str:
    return "".join(f"({ai}){value}" for ai, value in fields.items())


@given(FIELDS)
def test_both_spellings_round_trip(fields):
    assert parse_element_string(human(fields)) == fields
    assert parse_element_string(transmitted(fields)) == fields
    assert parse_element_string(GS + transmitted(fields).rstrip(GS)) == fields


@pytest.mark.parametrize(
    ("text", "reason"),
    [("(01)123", "14 characters"), ("0112345678901234" "23x", "unknown application identifier"),
     ("(23)x", "unknown application identifier"), ("(17)251340", "wrong format"),
     ("(01)12345678901234(17)250000", "invalid date"),
     ("(01)12345678901234(abc", "notation"),
     ("(10)" + "A" * 21, "too long"), ("(3103)12345a", "digits only"), ("(10)", "empty"),
     ("(10)a\x7f", "invalid characters"), ("(01)12345678901234(01)12345678901234", "twice"),
     ("x" * 300, "too long")],
)
def test_errors_say_what_is_wrong(text, reason):
    with pytest.raises(MalformedBarcode, match=reason):
        parse_element_string(text)


@given(st.text(DIGITS + "()" + GS + "AB", max_size=50))
def test_arbitrary_text_parses_or_is_malformed(text):
    try:
        fields = parse_element_string(text)
    except MalformedBarcode:
        return
    assert fields and all(isinstance(v, str) and v for v in fields.values())
