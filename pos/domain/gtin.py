"""GTINs: the four lengths, and the one key the catalog files them under.

A GTIN-8, UPC-A (GTIN-12), EAN-13 and GTIN-14 name the same item when they are
equal after left-padding with zeros to 14 digits (GS1 General Specifications
§3.3.2), so `gtin14()` is the catalog's lookup key and `0 7038010000706`
scanned from an ITF-14 finds the same milk as `7038010000706`.
"""

from __future__ import annotations

from pos.formats.checkdigits import is_valid_gs1, with_gs1_check_digit

GTIN_LENGTHS = (8, 12, 13, 14)


class GtinError(ValueError):
    """Text that is not a GTIN."""


def is_gtin(text: str) -> bool:
    return len(text) in GTIN_LENGTHS and is_valid_gs1(text)


def gtin14(gtin: str) -> str:
    """The 14-digit form of a valid GTIN; raises `GtinError` otherwise."""
    if not is_gtin(gtin):
        raise GtinError(f"{gtin!r} is not a GTIN-8/12/13/14 with a valid check digit")
    return gtin.zfill(14)


def shortest_gtin(gtin: str) -> str:
    """The shortest usual form: 13 digits for a padded EAN-13, 8 for a padded GTIN-8."""
    key = gtin14(gtin)
    if key.startswith("000000"):
        return key[6:]
    return key[1:] if key.startswith("0") else key


def make_gtin(body: str) -> str:
    """Append the GS1 check digit to a 7-, 11-, 12- or 13-digit body."""
    if len(body) + 1 not in GTIN_LENGTHS:
        raise GtinError(f"a GTIN body has 7, 11, 12 or 13 digits, not {len(body)}")
    return with_gs1_check_digit(body)
