"""The payment terminal's wire protocol ("CPT/1"), shared by the till and the emulator.

Real integrated terminals speak vendor protocols; ours is small, framed and
documented in docs/protocols.md:

    STX  TYPE ('|' key '=' value)*  ETX  LRC

- the body is UTF-8 text; keys are lower-case ASCII; values are printable and never
  contain `|`;
- LRC is one byte: the XOR of every byte after STX up to and including ETX;
- the receiver answers every frame with ACK (0x06) when the LRC is right and with
  NAK (0x15) when not; the sender repeats a NAKed frame (up to 3 times).

Till → terminal: `PUR` purchase (`id`, `amt` in øre, `cur`), `REF` refund (`id`,
`amt`, optional `ref` = original transaction), `CAN` cancel (`id`), `STA` status of a
request (`id`, `amt`): after a restart the till asks what became of the request it
sent before it died; the terminal answers that request's `RES` again, goes on with it
if it still runs, or answers `RES … outcome=UNKNOWN code=NO_SUCH_REQUEST` (it never got
it: no money moved).
Terminal → till: `PRM` prompt (`id`, `code`, `text`) and `RES` result (`id`,
`outcome` APPROVED/DECLINED/CANCELLED/TIMEOUT/UNKNOWN, `amt`, `txn`, `pan` masked,
`code`, `text`).

`decode_frame` is total: a well-formed frame gives a `Message`, anything else a
`DecodeError` naming the problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from devices.events import DecodeError, now_utc

STX, ETX, ACK, NAK = 0x02, 0x03, 0x06, 0x15
MAX_BODY = 512
MAX_AMOUNT_ORE = 99_999_999  # 999 999,99 kr: more than any grocery basket
OUTCOMES = ("APPROVED", "DECLINED", "CANCELLED", "TIMEOUT", "UNKNOWN")

REQUIRED: dict[str, tuple[str, ...]] = {
    "PUR": ("id", "amt"),
    "REF": ("id", "amt"),
    "CAN": ("id",),
    "STA": ("id", "amt"),
    "PRM": ("id", "code", "text"),
    "RES": ("id", "outcome", "amt"),
}
_KEY = re.compile(r"[a-z]{1,16}")
_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")


class ProtocolError(ValueError):
    """A message that cannot be put on the wire (bad amount, id or field value)."""


@dataclass(frozen=True)
class Message:
    type: str
    fields: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problem = _problem(self.type, self.fields)
        if problem:
            raise ProtocolError(problem)

    @property
    def request_id(self) -> str:
        return self.fields["id"]

    @property
    def amount_ore(self) -> int:
        return int(self.fields["amt"])

    def get(self, key: str) -> str | None:
        return self.fields.get(key) or None


def _problem(type_: str, fields: dict[str, str]) -> str | None:
    if type_ not in REQUIRED:
        return f"unknown message type {type_!r}"
    missing = [k for k in REQUIRED[type_] if k not in fields]
    if missing:
        return f"{type_} needs {', '.join(missing)}"
    for key, value in fields.items():
        if not _KEY.fullmatch(key):
            return f"bad field name {key!r}"
        if "|" in value or not value.isprintable():
            return f"field {key} holds '|' or a control character"
    if not _ID.fullmatch(fields["id"]):
        return "id must be 1-64 characters of A-Z a-z 0-9 . _ : -"
    if "amt" in fields:
        amt = fields["amt"]
        if not (amt.isascii() and amt.isdigit()) or not 0 < int(amt) <= MAX_AMOUNT_ORE:
            return f"amt must be whole øre between 1 and {MAX_AMOUNT_ORE}"
    if type_ == "RES" and fields["outcome"] not in OUTCOMES:
        return f"outcome must be one of {', '.join(OUTCOMES)}"
    return None


def lrc(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def encode_message(message: Message, *, corrupt: bool = False) -> bytes:
    """STX body ETX LRC; `corrupt=True` spoils the LRC (fault injection)."""
    parts = [message.type, *(f"{k}={v}" for k, v in message.fields.items())]
    body = "|".join(parts).encode("utf-8")
    if len(body) > MAX_BODY:
        raise ProtocolError(f"message body longer than {MAX_BODY} bytes")
    check = lrc(body + bytes([ETX])) ^ (0xFF if corrupt else 0)
    return bytes([STX]) + body + bytes([ETX, check])


def decode_frame(
    raw: bytes, *, device: str = "terminal", at: datetime | None = None
) -> Message | DecodeError:
    """One frame as the framer delivers it (STX … ETX LRC) → `Message` or `DecodeError`."""

    def error(reason: str) -> DecodeError:
        return DecodeError(device=device, raw=raw, reason=reason, at=at or now_utc())

    if len(raw) < 4 or raw[0] != STX or raw[-2] != ETX:
        return error("not a STX … ETX LRC frame")
    body = raw[1:-2]
    if len(body) > MAX_BODY:
        return error(f"message body longer than {MAX_BODY} bytes")
    if lrc(raw[1:-1]) != raw[-1]:
        return error("LRC mismatch")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return error("message body is not UTF-8")
    type_, *pairs = text.split("|")
    fields: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key in fields:
            return error(f"field {pair!r} is not key=value or repeats a key")
        fields[key] = value
    problem = _problem(type_, fields)
    if problem:
        return error(problem)
    return Message(type_, fields)


def purchase(request_id: str, amount_ore: int, currency: str = "NOK") -> Message:
    return Message("PUR", {"id": request_id, "amt": _amount(amount_ore), "cur": currency})


def refund(request_id: str, amount_ore: int, original_transaction_id: str | None = None) -> Message:
    fields = {"id": request_id, "amt": _amount(amount_ore)}
    if original_transaction_id:
        fields["ref"] = original_transaction_id
    return Message("REF", fields)


def cancel(request_id: str) -> Message:
    return Message("CAN", {"id": request_id})


def status(request_id: str, amount_ore: int) -> Message:
    """What became of request `request_id` (for `amount_ore`)? Sent after a restart."""
    return Message("STA", {"id": request_id, "amt": _amount(amount_ore)})


def prompt(request_id: str, code: str, text: str) -> Message:
    return Message("PRM", {"id": request_id, "code": code, "text": text})


def result(
    request_id: str,
    outcome: str,
    amount_ore: int,
    *,
    transaction_id: str = "",
    masked_pan: str = "",
    code: str = "",
    text: str = "",
) -> Message:
    fields = {"id": request_id, "outcome": outcome, "amt": _amount(amount_ore)}
    extras = {"txn": transaction_id, "pan": masked_pan, "code": code, "text": text}
    fields.update({k: v for k, v in extras.items() if v})
    return Message("RES", fields)


def _amount(amount_ore: int) -> str:
    """Money is integer øre on the wire; anything else is refused before it is sent."""
    if isinstance(amount_ore, bool) or not isinstance(amount_ore, int):
        raise ProtocolError(f"amount must be integer øre, not {type(amount_ore).__name__}")
    if not 0 < amount_ore <= MAX_AMOUNT_ORE:
        raise ProtocolError(f"amount must be between 1 and {MAX_AMOUNT_ORE} øre")
    return str(amount_ore)
