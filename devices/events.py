"""What the devices tell the till: one frozen event type per kind of input.

The hub's reader threads produce these and hand them to the till (a callback or a
bounded queue); the till forwards them into Textual. They carry no behaviour, only
facts, so they are safe to pass between threads and to log.

Privacy: `repr()` of every event masks long digit runs (card-number length, 15+
digits) down to the last four, in decoded fields and in the raw bytes alike, so a
logged event never shows a member or bank card number in clear. The fields
themselves keep the real values: the till needs the number to look the member up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Literal

DeviceStateName = Literal["connecting", "connected", "disconnected", "error"]
CardSource = Literal["msr", "rfid", "nfc"]
PaymentOutcome = Literal["approved", "declined", "cancelled", "timeout", "unknown"]
"""`unknown`: the terminal never got the request (its answer to a status query)."""
PaymentKind = Literal["purchase", "refund"]

_LONG_DIGITS = re.compile(r"\d{15,}")
_LONG_DIGITS_BYTES = re.compile(rb"\d{15,}")


def now_utc() -> datetime:
    return datetime.now(UTC)


def mask_digits(text: str) -> str:
    """`************1234` for every run of 15+ digits: what logs may show of a card number."""
    return _LONG_DIGITS.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], text)


def mask_digit_bytes(raw: bytes) -> bytes:
    return _LONG_DIGITS_BYTES.sub(lambda m: b"*" * (len(m.group()) - 4) + m.group()[-4:], raw)


class _MaskedRepr:
    """A `repr` that masks card-number-length digit runs in every str/bytes field."""

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, str):
                value = mask_digits(value)
            elif isinstance(value, bytes):
                value = mask_digit_bytes(value)
            parts.append(f"{f.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


@dataclass(frozen=True, repr=False)
class Scan(_MaskedRepr):
    """A barcode read: `data` without prefix, AIM id and suffix.

    `symbology` is our name for the AIM id (see `devices.scanner.AIM_SYMBOLOGIES`), or
    None when the scanner sent no AIM id (or one we do not know; `aim` keeps it then).
    """

    device: str
    data: str
    symbology: str | None
    aim: str | None
    raw: bytes
    at: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, repr=False)
class CardRead(_MaskedRepr):
    """A member card presented to a reader.

    A magnetic stripe gives the card number (`card_number`, track 2 primary account
    number); RFID and NFC readers give only the chip's `uid` (upper-case hex), which
    the backend maps to a card. Exactly one of the two is set.
    """

    device: str
    source: CardSource
    card_number: str | None
    uid: str | None
    raw: bytes
    at: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, repr=False)
class PaymentPrompt(_MaskedRepr):
    """A status line the payment terminal shows the customer ("Sett inn kort", "Tast PIN").

    `text_code` is stable (INSERT_CARD, ENTER_PIN, PROCESSING, REMOVE_CARD, …) so the
    till can translate; `text` is what the terminal itself displays.
    """

    device: str
    text_code: str
    text: str
    request_id: str | None = None
    at: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, repr=False)
class PaymentResult(_MaskedRepr):
    """The end of one payment request; exactly one per request the till sent.

    `timeout` covers both the terminal's own timeout (customer never presented a card)
    and the hub's: a terminal that never answered. Only `approved` means money moved;
    `transaction_id` (the terminal's) and `masked_pan` are set then and go on the
    receipt.
    """

    device: str
    outcome: PaymentOutcome
    amount_ore: int
    transaction_id: str | None
    masked_pan: str | None
    reason: str | None
    request_id: str
    kind: PaymentKind = "purchase"
    reason_code: str | None = None
    at: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, repr=False)
class DeviceState(_MaskedRepr):
    """A change of a device's connection: connecting, connected, disconnected or error.

    Emitted on changes only (a port that stays missing does not repeat its error).
    `detail` says why in words a tester can act on ("port not found: /dev/ttyUSB0").
    """

    device: str
    state: DeviceStateName
    detail: str = ""
    at: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, repr=False)
class DrawerState(_MaskedRepr):
    """The cash drawer's sensor (read through the receipt printer) changed: open or shut.

    Emitted on changes only, after a kick while the drawer is watched, and once when the
    printer connects (so a drawer left open across a restart is known)."""

    device: str
    open: bool
    at: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, repr=False)
class DecodeError(_MaskedRepr):
    """Bytes that did not make a valid frame: garbage, a bad checksum, a cut-off frame.

    Never a scan or a card read: a reader that fails its checksum must not let a
    wrong card number through.
    """

    device: str
    raw: bytes
    reason: str
    at: datetime = field(default_factory=now_utc)


Event = Scan | CardRead | PaymentPrompt | PaymentResult | DeviceState | DrawerState | DecodeError
