"""Phone numbers, national ids and names: parsers checked with Hypothesis."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend_stub.core.identity import (
    NORWEGIAN_MOBILE,
    age_on,
    birth_date_of,
    initials,
    make_national_id,
    normalise_phone,
    same_address,
)
from backend_stub.core.problems import ApiProblem

mobiles = st.from_regex(r"^[49][0-9]{7}$", fullmatch=True)


@given(mobiles, st.sampled_from(["{}", "+47{}", "+47 {}", "0047{}", "47{}", "{0} {1}"]))
def test_every_way_of_writing_a_mobile_number_gives_one_form(number, layout):
    written = layout.format(number) if "{1}" not in layout else f"{number[:3]} {number[3:]}"
    assert normalise_phone(written) == "+47" + number


@given(st.text(max_size=30))
def test_anything_else_is_a_typed_phone_error(text):
    try:
        result = normalise_phone(text)
    except ApiProblem as problem:
        assert problem.code == "phone_invalid"
    else:
        assert result.startswith("+47") and len(result) == 11 and result[3] in "49"


@pytest.mark.parametrize(
    "text", ["", "1234567", "21234567", "912345678", "+46 91234567", "9123456a"]
)
def test_not_mobiles(text):
    with pytest.raises(ApiProblem):
        normalise_phone(text)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)),
    st.integers(min_value=0, max_value=499),
)
def test_generated_national_ids_are_valid_and_carry_the_birth_date(birth, serial):
    national_id = make_national_id(birth, serial)
    if national_id is not None:
        assert birth_date_of(national_id) == birth


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_error_is_caught(birth, position, delta):
    national_id = make_national_id(birth, 123)
    if national_id is None:
        return
    digits = list(national_id)
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(ApiProblem) as caught:
        birth_date_of("".join(digits))
    assert caught.value.code == "national_id_invalid"


@given(st.text(max_size=15))
def test_national_id_parser_never_crashes(text):
    try:
        birth_date_of(text)
    except ApiProblem as problem:
        assert problem.code == "national_id_invalid"


def test_published_examples():
    assert birth_date_of("15076500565") == date(1965, 7, 15)  # a widely used test number
    with pytest.raises(ApiProblem):
        birth_date_of("29029900157")  # 29 February 1999 does not exist
    generated = make_national_id(date(1980, 5, 17), 480)
    assert generated[:6] == "170580" and int(generated[6:9]) >= 480


def test_initials_age_and_address():
    assert initials("Kari", "Nordmann") == "KN"
    assert initials("anne-lise", "van der Berg") == "AB"
    assert age_on(date(2009, 3, 4), date(2025, 3, 3)) == 15
    assert age_on(date(2009, 3, 3), date(2025, 3, 3)) == 16
    assert same_address(("Storgata  1", "0155"), ("storgata 1", "0155"))
    assert not same_address(("Storgata 1", "0155"), ("Storgata 2", "0155"))
    assert not same_address((None, None), (None, None))


def _reference_national_id(birth: date, serial: int) -> str | None:
    """The rule written out plainly: try individual numbers from `serial` on, keep the
    first whose two mod-11 check digits both exist."""

    def check(digits: str, weights: tuple[int, ...]) -> int | None:
        rest = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
        return None if rest == 1 else (0 if rest == 0 else 11 - rest)

    low = 500 if birth.year >= 2000 else 0
    for step in range(500):
        body = f"{birth:%d%m%y}{low + (serial + step) % 500:03d}"
        k1 = check(body, (3, 7, 6, 1, 8, 9, 4, 5, 2))
        k2 = None if k1 is None else check(f"{body}{k1}", (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
        if k2 is not None:
            return f"{body}{k1}{k2}"
    return None


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2039, 12, 31)),
    st.integers(min_value=0, max_value=10_000),
)
def test_the_fast_generator_makes_the_ids_the_plain_rule_makes(birth, serial):
    assert make_national_id(birth, serial) == _reference_national_id(birth, serial)


@given(st.from_regex(NORWEGIAN_MOBILE, fullmatch=True).filter(lambda t: len(t) <= 20))
def test_what_the_api_schema_allows_the_server_accepts(text):
    """The schemas' phone pattern and the parser agree: a schema-valid number is not refused."""
    assert normalise_phone(text).startswith("+47")


@given(st.text(max_size=20))
def test_what_the_server_accepts_the_api_schema_allows(text):
    try:
        normalise_phone(text)
    except ApiProblem:
        return
    assert re.fullmatch(NORWEGIAN_MOBILE, text)
