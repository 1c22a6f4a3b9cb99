"""member_card.py: the 16-digit member card number, its check and its mask."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.formats.member_card import (
    DEFAULT_FORMAT,
    MemberCardError,
    MemberCardFormat,
    mask_number,
)


@given(st.integers(0, 10**9 - 1))
def test_every_issued_card_is_recognised(serial):
    card = DEFAULT_FORMAT.make(serial)
    assert len(card) == 16 and card.startswith("957801")
    assert DEFAULT_FORMAT.is_member_card(card)
    assert DEFAULT_FORMAT.validate(card) == card


def test_known_card_number():
    assert DEFAULT_FORMAT.make(4711) == "9578010000047110"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("957801000004711", "16 digits"),
        ("95780100000471100", "16 digits"),
        ("9578010000047111", "check digit"),
        ("1234560000047110", "starts with 957801"),
        ("95780100000471x0", "only digits"),
    ],
)
def test_validate_says_why(text, reason):
    with pytest.raises(MemberCardError, match=reason):
        DEFAULT_FORMAT.validate(text)
    assert not DEFAULT_FORMAT.is_member_card(text)


def test_serial_out_of_range_is_refused():
    with pytest.raises(MemberCardError):
        DEFAULT_FORMAT.make(10**9)
    with pytest.raises(MemberCardError):
        DEFAULT_FORMAT.make(-1)


def test_another_issuer_prefix_is_a_setting():
    other = MemberCardFormat(prefix="957802")
    card = other.make(1)
    assert other.is_member_card(card)
    assert not DEFAULT_FORMAT.is_member_card(card)


@given(st.text(min_size=0, max_size=30))
def test_mask_shows_at_most_the_last_four(number):
    masked = mask_number(number)
    assert len(masked) == len(number)
    assert masked[:-4].strip("*") == ""
    if len(number) > 4:
        assert masked.endswith(number[-4:])
    else:
        assert set(masked) <= {"*"}
