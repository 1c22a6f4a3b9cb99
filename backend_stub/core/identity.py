"""Norwegian identity details the backend checks: mobile numbers, national ids, initials, age.

The national identity number (fødselsnummer) is 11 digits: birth date DDMMYY, a
3-digit individual number (whose range gives the century) and two mod-11 check
digits. It is stored for the member account only and never leaves the backend.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from operator import mul

from backend_stub.core.problems import ApiProblem

_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
_PHONE_NOISE = re.compile(r"[\s\-().]")
_N = r"[\s\-().]?"
NORWEGIAN_MOBILE = (rf"^{_N}(?:\+{_N}4{_N}7{_N}|0{_N}0{_N}4{_N}7{_N}|4{_N}7{_N})?"
                    rf"[49](?:{_N}[0-9]){{7}}{_N}$")
"""A Norwegian mobile number as people write it: 8 digits from 4 or 9, optionally after
+47, 0047 or 47, with at most one space, dash, dot or bracket between the parts. The API
schemas carry it as their pattern, and `normalise_phone` accepts exactly what it matches."""


def normalise_phone(text: str) -> str:
    """`+4791234567` from `91234567`, `+47 912 34 567`, `0047 91234567`; mobiles start 4 or 9."""
    if not re.fullmatch(NORWEGIAN_MOBILE, text or ""):
        raise ApiProblem("phone_invalid", f"not a Norwegian mobile number: {text!r}")
    digits = _PHONE_NOISE.sub("", text)
    if digits.startswith("+47"):
        digits = digits[3:]
    elif digits.startswith("0047"):
        digits = digits[4:]
    elif len(digits) == 10 and digits.startswith("47"):
        digits = digits[2:]
    if not (len(digits) == 8 and digits.isascii() and digits.isdigit() and digits[0] in "49"):
        raise ApiProblem("phone_invalid", f"not a Norwegian mobile number: {text!r}")
    return "+47" + digits


def mask_phone(phone: str) -> str:
    """`+47 ••• •• 567`: enough for a person to recognise their own number."""
    return f"{phone[:3]} ••• •• {phone[-3:]}"


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    rest = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    check = 0 if rest == 0 else 11 - rest
    return None if check == 10 else check


def _century(individual: int, yy: int) -> int | None:
    if individual <= 499:
        return 1900
    if individual <= 749 and yy >= 54:
        return 1800
    if individual >= 900 and yy >= 40:
        return 1900
    if individual >= 500 and yy <= 39:
        return 2000
    return None


def birth_date_of(national_id: str) -> date:
    """The birth date a valid national id encodes (raises `national_id_invalid`)."""
    if not (len(national_id) == 11 and national_id.isascii() and national_id.isdigit()):
        raise ApiProblem("national_id_invalid", "a national id has 11 digits")
    if _check_digit(national_id[:9], _K1) != int(national_id[9]) or _check_digit(
        national_id[:10], _K2
    ) != int(national_id[10]):
        raise ApiProblem("national_id_invalid", "national id check digits are wrong")
    day, month, yy = int(national_id[0:2]), int(national_id[2:4]), int(national_id[4:6])
    century = _century(int(national_id[6:9]), yy)
    if century is None:
        raise ApiProblem("national_id_invalid", "national id individual number out of range")
    try:
        return date(century + yy, month, day)
    except ValueError:
        raise ApiProblem("national_id_invalid", "national id has no valid birth date") from None


@lru_cache(maxsize=65_536)
def _date_sums(birth: date) -> tuple[str, int, int]:
    """The date's six digits and their weighted sums under both check-digit weights."""
    digits = f"{birth:%d%m}{birth.year % 100:02d}"
    values = [int(d) for d in digits]
    return digits, sum(map(mul, values, _K1)), sum(map(mul, values, _K2))


def make_national_id(birth: date, serial: int) -> str | None:
    """A valid national id for `birth`, trying individual numbers from `serial` on.

    Returns None when no individual number in the century's range gives valid check
    digits for that start (rare); callers try another serial. Synthetic ids for seeds:
    bulk seeding makes millions, so the date's part of both weighted sums is computed
    once per date and the individual number's part with integer arithmetic.
    """
    if birth.year >= 2000:
        low, high = 500, 999
    elif birth.year >= 1900:
        low, high = 0, 499
    else:
        raise ValueError("seed persons are born in 1900 or later")
    digits, date_k1, date_k2 = _date_sums(birth)
    span = high - low + 1
    for step in range(span):
        individual = low + (serial + step) % span
        i1, i2, i3 = individual // 100, individual // 10 % 10, individual % 10
        rest = (date_k1 + i1 * _K1[6] + i2 * _K1[7] + i3 * _K1[8]) % 11
        k1 = 0 if rest == 0 else 11 - rest
        if k1 == 10:
            continue
        rest = (date_k2 + i1 * _K2[6] + i2 * _K2[7] + i3 * _K2[8] + k1 * _K2[9]) % 11
        k2 = 0 if rest == 0 else 11 - rest
        if k2 == 10:
            continue
        return f"{digits}{individual:03d}{k1}{k2}"
    return None


def initials(given_name: str, family_name: str) -> str:
    """`KN` for Kari Nordmann; `K-EN` stays `KN` (first letters of first given and last family)."""
    first = (given_name.strip()[:1] or "?").upper()
    last_word = family_name.strip().split()[-1] if family_name.strip() else "?"
    return first + last_word[:1].upper()


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def same_address(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Address line and postal code equal, ignoring case and spacing."""

    def norm(value: str | None) -> str:
        return " ".join((value or "").casefold().split())

    return norm(a[0]) == norm(b[0]) and norm(a[1]) == norm(b[1]) and bool(norm(a[0]))
