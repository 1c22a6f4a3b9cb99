"""The member card number: its format, its check, and how it is masked.

Format (documented in docs/protocols.md): 16 ASCII digits,
`9578` (ISO/IEC 7812 major industry 9 + ISO 3166 numeric 578 = Norway),
`01` issuer (the co-op), a 9-digit serial and a Luhn check digit:
`9578 01SS SSSS SSSC`. The issuer prefix `957801` is a setting
(`MemberCardFormat.prefix`). Printed on the card as Code 128, on track 2 of the
magnetic stripe as the primary account number; RFID/NFC cards carry only a UID
that the backend maps to the card.

Card numbers and member numbers are masked everywhere outside the backend:
only the last four digits show.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.formats.checkdigits import is_valid_luhn, with_luhn_check_digit

DEFAULT_PREFIX = "957801"
CARD_NUMBER_LENGTH = 16


class MemberCardError(ValueError):
    """Digits that are not a valid member card number."""


@dataclass(frozen=True)
class MemberCardFormat:
    prefix: str = DEFAULT_PREFIX
    length: int = CARD_NUMBER_LENGTH

    def is_member_card(self, text: str) -> bool:
        return (
            len(text) == self.length
            and text.isascii()
            and text.isdigit()
            and text.startswith(self.prefix)
            and is_valid_luhn(text)
        )

    def validate(self, text: str) -> str:
        """Return `text` if it is a member card number, else raise with the reason."""
        if not (text.isascii() and text.isdigit()):
            raise MemberCardError("a member card number has only digits")
        if len(text) != self.length:
            raise MemberCardError(f"a member card number has {self.length} digits, not {len(text)}")
        if not text.startswith(self.prefix):
            raise MemberCardError(f"a member card number starts with {self.prefix}")
        if not is_valid_luhn(text):
            raise MemberCardError("member card number check digit is wrong")
        return text

    def make(self, serial: int) -> str:
        """The card number for a serial (the backend issues cards with this)."""
        width = self.length - len(self.prefix) - 1
        if not 0 <= serial < 10**width:
            raise MemberCardError(f"serial must fit in {width} digits")
        return with_luhn_check_digit(f"{self.prefix}{serial:0{width}d}")


DEFAULT_FORMAT = MemberCardFormat()


def mask_number(number: str, visible: int = 4) -> str:
    """`************1234`: every character but the last `visible` replaced by `*`."""
    if len(number) <= visible:
        return "*" * len(number)
    return "*" * (len(number) - visible) + number[-visible:]
