"""Retail scale codec: the Dialog 06 ECR protocol (Mettler-Toledo, Bizerba, Dibal, Ohaus, Cely).

Why Dialog 06: it is the price-computing dialogue that legal-for-trade retail scales
in Europe speak with cash registers, and its records are published in the scales'
service manuals (Mettler-Toledo DIVA / Ohaus Aviator "Dialog 06", Dibal, Cely
PI100). The till sends the price per kg (and a tare), asks for the result, and the
scale answers with the weight it certifies and the price it computed, or refuses
with a status code saying why (in motion, under the minimum, under zero, overload).
docs/protocols.md ("Scale") shows every byte.

    till → scale   EOT STX "01" ESC PPPPPP ESC ETX           record 01: unit price
                   EOT STX "03" ESC PPPPPP ESC TTTT ETX      record 03: unit price + tare (g)
                   EOT ENQ                                   the weighing result, please
                   EOT STX "08" ETX                          record 08: why the NAK?
                   EOT                                       ends each answer of the scale
    scale → till   ACK | NAK                                 record taken / refused
                   STX "02" ESC U ESC WWWWW ESC PPPPPP ESC IIIIII ETX
                                                             record 02: unit U ("3" = kg),
                                                             net weight in g, price per kg,
                                                             price to pay (øre)
                   STX "09" ESC S1 S0 ETX                    record 09: status code

`decode_frame` (scale → till) and `RequestReader` (till → scale, the emulator's side)
are total: any bytes give a message or a `DecodeError`, never an exception.
`ScaleReading` is the event the till receives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from devices.events import DecodeError, now_utc

EOT, STX, ETX, ENQ, ACK, NAK, ESC = 0x04, 0x02, 0x03, 0x05, 0x06, 0x15, 0x1B
UNIT_KG = "3"
UNITS = {"0": "lb:oz", "1": "lb/0.01", "2": "lb/0.005", "3": "kg"}
MAX_WEIGHT_G = 99_999  # five digits of grams
MAX_PRICE_ORE = 999_999  # six digits: kr 9 999,99
MAX_TARE_G = 9_999  # four digits
MAX_FRAME = 40

STATUS_TEXTS: dict[str, str] = {
    "00": "no error",
    "01": "general error",
    "02": "parity error or buffer overflow",
    "10": "invalid record number",
    "11": "invalid unit price",
    "12": "invalid tare value",
    "13": "invalid text",
    "20": "scale still in motion (no standstill)",
    "21": "scale was not in motion since the last weighing",
    "22": "measurement not yet finished",
    "30": "weight below the minimum weight",
    "31": "weight under zero",
    "32": "scale overloaded",
}
"""Record 09 status codes, as the Dialog 06 manuals list them."""

ReadingStatus = Literal[
    "stable", "unstable", "below_minimum", "under_zero", "overload", "not_moved",
    "no_answer", "refused", "cancelled",
]
STATUS_OF_CODE: dict[str, ReadingStatus] = {
    "20": "unstable",
    "22": "unstable",
    "21": "not_moved",
    "30": "below_minimum",
    "31": "under_zero",
    "32": "overload",
}
"""What a record 09 code means to the till; any other code is `refused`."""


@dataclass(frozen=True)
class ScaleReading:
    """What the scale said: a certified weight (`stable`) or why there is none.

    `request_id` ties the reading to the till's `weigh()` request (None for a
    bagging-area scale that is watched continuously). `final` is True for the one
    reading that ends a request; `unstable` readings before it say "still moving".
    `weight_g` is the net weight (tare taken off by the scale); `price_ore` is the
    price the scale computed for it at `unit_price_ore` per kg.
    """

    device: str
    status: ReadingStatus
    weight_g: int | None = None
    unit_price_ore: int | None = None
    price_ore: int | None = None
    request_id: str | None = None
    final: bool = True
    detail: str = ""
    at: datetime = field(default_factory=now_utc)

    @property
    def stable(self) -> bool:
        return self.status == "stable"


# -- scale → till -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ack:
    pass


@dataclass(frozen=True)
class Nak:
    pass


@dataclass(frozen=True)
class WeighResult:
    """Record 02."""

    weight_g: int
    unit_price_ore: int
    price_ore: int
    unit: str = UNIT_KG


@dataclass(frozen=True)
class StatusAnswer:
    """Record 09."""

    code: str

    @property
    def text(self) -> str:
        return STATUS_TEXTS.get(self.code, f"status {self.code}")


ScaleMessage = Ack | Nak | WeighResult | StatusAnswer


def _digits(text: bytes, width: int) -> int | None:
    if len(text) != width or not text.isdigit():
        return None
    return int(text)


def decode_frame(raw: bytes, *, device: str = "scale",
                 at: datetime | None = None) -> ScaleMessage | DecodeError:
    """One frame from the scale (ACK, NAK, or STX … ETX) → message, or `DecodeError` why not."""

    def error(reason: str) -> DecodeError:
        return DecodeError(device=device, raw=raw, reason=reason, at=at or now_utc())

    if raw == bytes([ACK]):
        return Ack()
    if raw == bytes([NAK]):
        return Nak()
    if len(raw) < 5 or raw[0] != STX or raw[-1] != ETX:
        return error("not a Dialog 06 frame (STX record … ETX)")
    parts = raw[1:-1].split(bytes([ESC]))
    record = parts[0]
    if record == b"02":
        if len(parts) != 5:
            return error("record 02 needs unit, weight, unit price and price")
        unit, weight, unit_price, price = parts[1:]
        if unit.decode("latin-1") not in UNITS:
            return error(f"record 02: unknown weight unit {unit!r}")
        values = (_digits(weight, 5), _digits(unit_price, 6), _digits(price, 6))
        if None in values:
            return error("record 02: weight is 5 digits, prices 6 digits")
        return WeighResult(values[0], values[1], values[2], unit.decode("ascii"))  # type: ignore[arg-type]
    if record == b"09":
        if len(parts) != 2 or _digits(parts[1], 2) is None:
            return error("record 09 needs a two-digit status")
        return StatusAnswer(parts[1].decode("ascii"))
    return error(f"the scale never sends record {record[:4]!r}")


def encode_answer(message: ScaleMessage) -> bytes:
    """The bytes a scale sends (the emulator and the tests use it)."""
    if isinstance(message, Ack):
        return bytes([ACK])
    if isinstance(message, Nak):
        return bytes([NAK])
    if isinstance(message, StatusAnswer):
        if len(message.code) != 2 or not message.code.isdigit():
            raise ValueError("a status code is two digits")
        return bytes([STX]) + b"09" + bytes([ESC]) + message.code.encode() + bytes([ETX])
    _check(message.weight_g, MAX_WEIGHT_G, "weight")
    _check(message.unit_price_ore, MAX_PRICE_ORE, "unit price")
    _check(message.price_ore, MAX_PRICE_ORE, "price")
    if message.unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)}")
    fields = (message.unit.encode(), b"%05d" % message.weight_g,
              b"%06d" % message.unit_price_ore, b"%06d" % message.price_ore)
    return bytes([STX]) + bytes([ESC]).join((b"02", *fields)) + bytes([ETX])


def _check(value: int, most: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise ValueError(f"{what} must be a whole number 0–{most}")


def price_to_pay(weight_g: int, unit_price_ore: int) -> int:
    """What a price-computing scale charges: price per kg × kg, rounded half up to the øre."""
    return (weight_g * unit_price_ore + 500) // 1000


# -- till → scale -------------------------------------------------------------------------


@dataclass(frozen=True)
class SetPrice:
    """Record 01 (no tare) or 03 (with a tare in grams)."""

    unit_price_ore: int
    tare_g: int | None = None


@dataclass(frozen=True)
class Enquiry:
    """EOT ENQ: the weighing result, please."""


@dataclass(frozen=True)
class StatusRequest:
    """Record 08."""


@dataclass(frozen=True)
class EndOfAnswer:
    """A lone EOT: the till took the scale's answer."""


ScaleRequest = SetPrice | Enquiry | StatusRequest | EndOfAnswer


def encode_request(request: ScaleRequest) -> bytes:
    """The bytes the till sends for a request."""
    if isinstance(request, Enquiry):
        return bytes([EOT, ENQ])
    if isinstance(request, StatusRequest):
        return bytes([EOT, STX]) + b"08" + bytes([ETX])
    if isinstance(request, EndOfAnswer):
        return bytes([EOT])
    _check(request.unit_price_ore, MAX_PRICE_ORE, "unit price")
    price = b"%06d" % request.unit_price_ore
    if request.tare_g is None:
        return bytes([EOT, STX]) + b"01" + bytes([ESC]) + price + bytes([ESC, ETX])
    _check(request.tare_g, MAX_TARE_G, "tare")
    tare = b"%04d" % request.tare_g
    return bytes([EOT, STX]) + b"03" + bytes([ESC]) + price + bytes([ESC]) + tare + bytes([ETX])


def decode_request(body: bytes) -> ScaleRequest | None:
    """A record between STX and ETX (both excluded) from the till; None if malformed."""
    parts = body.split(bytes([ESC]))
    if parts == [b"08"]:
        return StatusRequest()
    if parts[0] == b"01" and len(parts) == 3 and parts[2] == b"":
        price = _digits(parts[1], 6)
        return None if price is None else SetPrice(price)
    if parts[0] == b"03" and len(parts) == 3:
        price, tare = _digits(parts[1], 6), _digits(parts[2], 4)
        return None if price is None or tare is None else SetPrice(price, tare)
    return None


class RequestReader:
    """Cuts the till's byte stream into requests (the emulated scale's side of the line).

    EOT starts every request; EOT ENQ is an enquiry, EOT STX … ETX a record, a lone
    EOT (followed by anything else, or by silence) the end of an answer. Anything
    that does not fit is reported as a `DecodeError` and skipped up to the next EOT.
    """

    def __init__(self, device: str = "scale") -> None:
        self.device = device
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[ScaleRequest | DecodeError]:
        self._buf += data
        out: list[ScaleRequest | DecodeError] = []
        while self._buf:
            if self._buf[0] != EOT:
                end = self._buf.find(bytes([EOT]))
                junk = bytes(self._buf if end < 0 else self._buf[:end])
                del self._buf[: len(junk)]
                out.append(DecodeError(self.device, junk, "bytes outside a request"))
                continue
            if len(self._buf) < 2:
                break  # the next byte says what this EOT starts
            second = self._buf[1]
            if second == ENQ:
                del self._buf[:2]
                out.append(Enquiry())
            elif second == STX:
                end = self._buf.find(bytes([ETX]), 2)
                if end < 0:
                    if len(self._buf) > MAX_FRAME:
                        out.append(DecodeError(self.device, bytes(self._buf), "record too long"))
                        self._buf.clear()
                    break
                body = bytes(self._buf[2:end])
                del self._buf[: end + 1]
                request = decode_request(body)
                out.append(request if request is not None else DecodeError(
                    self.device, body, f"not a Dialog 06 record: {body[:12]!r}"))
            else:
                del self._buf[:1]
                out.append(EndOfAnswer())
        return out

    def flush(self) -> list[ScaleRequest | DecodeError]:
        """Silence after a lone EOT: it was the end of an answer."""
        if bytes(self._buf) == bytes([EOT]):
            self._buf.clear()
            return [EndOfAnswer()]
        return []
