"""checkdigits.py: GS1 mod-10 agrees with python-barcode; Luhn and org numbers are right."""

import pytest
from barcode import EAN8, EAN13
from hypothesis import given
from hypothesis import strategies as st

from pos.formats.checkdigits import (
    gs1_check_digit,
    is_valid_gs1,
    is_valid_luhn,
    is_valid_org_number,
    luhn_check_digit,
    mod11_org_check_digit,
    with_gs1_check_digit,
    with_luhn_check_digit,
)

DIGITS = "0123456789"


@given(st.text(DIGITS, min_size=12, max_size=12))
def test_gs1_check_digit_agrees_with_python_barcode_ean13(body):
    assert EAN13(body).get_fullcode() == with_gs1_check_digit(body)


@given(st.text(DIGITS, min_size=7, max_size=7))
def test_gs1_check_digit_agrees_with_python_barcode_ean8(body):
    assert EAN8(body).get_fullcode() == with_gs1_check_digit(body)


@given(st.text(DIGITS, min_size=1, max_size=17), st.integers(0, 9))
def test_only_the_right_check_digit_is_valid(body, digit):
    assert is_valid_gs1(body + str(digit)) == (digit == gs1_check_digit(body))


@pytest.mark.parametrize("bad", ["", "12a", "١٢٣", " 12"])
def test_gs1_body_must_be_ascii_digits(bad):
    with pytest.raises(ValueError):
        gs1_check_digit(bad)
    assert not is_valid_gs1(bad + "0")


def test_luhn_known_values():
    assert luhn_check_digit("7992739871") == 3
    assert is_valid_luhn("79927398713")
    assert not is_valid_luhn("79927398710")
    assert is_valid_luhn("4111111111111111")


@given(st.text(DIGITS, min_size=1, max_size=20))
def test_luhn_catches_every_single_digit_error(body):
    number = with_luhn_check_digit(body)
    assert is_valid_luhn(number)
    for i, d in enumerate(number):
        changed = number[:i] + str((int(d) + 1) % 10) + number[i + 1:]
        assert not is_valid_luhn(changed)


@pytest.mark.parametrize("number", ["999999999", "923609016", "974760673", "981276957"])
def test_real_looking_org_numbers_are_valid(number):
    assert is_valid_org_number(number)


def test_org_number_with_wrong_check_digit_or_length_is_invalid():
    assert not is_valid_org_number("999999998")
    assert not is_valid_org_number("99999999")
    assert not is_valid_org_number("99999999a")


def test_org_body_whose_check_would_be_10_has_no_valid_number():
    bodies = [f"{n:08d}" for n in range(100, 400)]
    impossible = [b for b in bodies if mod11_org_check_digit(b) is None]
    assert impossible, "some bodies have no valid check digit"
    assert all(not is_valid_org_number(b + d) for b in impossible for d in DIGITS)
