"""Check digits: GS1 mod-10 (GTIN-8/12/13/14, in-store codes) and Luhn (member cards)."""

from __future__ import annotations


def gs1_check_digit(body: str) -> int:
    """The GS1 check digit for `body` (all digits but the last): weights 3,1,3,… from the right."""
    if not body.isdigit() or not body.isascii():
        raise ValueError(f"GS1 body must be ASCII digits, got {body!r}")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def is_valid_gs1(code: str) -> bool:
    """True when `code` is ASCII digits ending in its correct GS1 check digit."""
    return (
        len(code) >= 2
        and code.isascii()
        and code.isdigit()
        and gs1_check_digit(code[:-1]) == int(code[-1])
    )


def with_gs1_check_digit(body: str) -> str:
    return body + str(gs1_check_digit(body))


def luhn_check_digit(body: str) -> int:
    """The Luhn (ISO/IEC 7812-1) check digit for `body`."""
    if not body.isdigit() or not body.isascii():
        raise ValueError(f"Luhn body must be ASCII digits, got {body!r}")
    total = 0
    for i, d in enumerate(reversed(body)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return (10 - total % 10) % 10


def is_valid_luhn(number: str) -> bool:
    return (
        len(number) >= 2
        and number.isascii()
        and number.isdigit()
        and luhn_check_digit(number[:-1]) == int(number[-1])
    )


def with_luhn_check_digit(body: str) -> str:
    return body + str(luhn_check_digit(body))


def mod11_org_check_digit(body: str) -> int | None:
    """Check digit of a Norwegian organisation number body (8 digits), None if none exists.

    Weights 3,2,7,6,5,4,3,2; check = 11 - sum mod 11 (11 → 0, 10 → no valid number).
    """
    if len(body) != 8 or not body.isdigit() or not body.isascii():
        raise ValueError(f"an organisation number body is 8 ASCII digits, got {body!r}")
    remainder = sum(int(d) * w for d, w in zip(body, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def is_valid_org_number(number: str) -> bool:
    """True for a 9-digit Norwegian organisation number with a correct mod-11 check digit."""
    if len(number) != 9 or not number.isdigit() or not number.isascii():
        return False
    return mod11_org_check_digit(number[:8]) == int(number[8])
