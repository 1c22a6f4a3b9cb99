"""Member card reader codecs: magnetic stripe track 2, RDM6300 RFID, NFC UID lines.

- **msr** (ISO/IEC 7813 track 2, as a keyboard-less serial reader prints it):
  `;` PAN `=` YYMM service-code discretionary `?` [LRC] then CR. Track-2 characters
  are 4 data bits + odd parity on the stripe; the reader sends them as ASCII
  `0x30`-`0x3F`. The LRC is the XOR of the 4-bit values from `;` through `?`, sent
  as one more character of the same set; many readers strip it, so it is checked
  only when present.
- **rfid** (RDM6300 kind, 125 kHz, 9600 8N1): STX, 10 ASCII hex (2 version + 8 tag),
  2 ASCII hex checksum = XOR of the 5 data bytes, ETX.
- **nfc**: one line per card, the UID in hex (4, 7 or 10 bytes; `:`, `-` or spaces
  between bytes are accepted), ended by CR, LF or CR LF.

The readers do not know member numbers: a stripe carries the card number, chips
carry a UID that the backend maps to a card. Every decoder is total (bytes in,
`CardRead` or `DecodeError` out) and a bad checksum is always a `DecodeError`.
"""

from __future__ import annotations

import re
from datetime import datetime

from devices.events import CardRead, CardSource, DecodeError, now_utc

TRACK2_MAX = 40  # characters including sentinels and LRC (ISO/IEC 7813)
PAN_MAX = 19
RDM6300_FRAME_LEN = 14
NFC_UID_BYTES = (4, 7, 10)
_TRACK2 = re.compile(rb";(\d{1,19})(?:=(\d*))?\?([0-?]?)")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_NFC_SEPARATORS = re.compile(r"[:\- ]")
_NOT_NFC = re.compile(rb"[^0-9A-Fa-f:\- ]")


def _error(device: str, raw: bytes, reason: str, at: datetime | None) -> DecodeError:
    return DecodeError(device=device, raw=raw, reason=reason, at=at or now_utc())


def _read(device: str, source: CardSource, raw: bytes, at: datetime | None, **found) -> CardRead:
    return CardRead(
        device=device,
        source=source,
        card_number=found.get("card_number"),
        uid=found.get("uid"),
        raw=raw,
        at=at or now_utc(),
    )


def track2_lrc(chars: bytes) -> int:
    """The track-2 LRC character for `chars` (start sentinel through end sentinel)."""
    lrc = 0
    for c in chars:
        lrc ^= c & 0x0F
    return 0x30 | lrc


def decode_track2(
    raw: bytes, *, device: str = "msr", at: datetime | None = None
) -> CardRead | DecodeError:
    line = raw.rstrip(b"\r\n")
    if not line.startswith(b";"):
        return _error(device, raw, "track 2 must start with ';'", at)
    if len(line) > TRACK2_MAX:
        return _error(device, raw, f"track 2 longer than {TRACK2_MAX} characters", at)
    if any(not 0x30 <= c <= 0x3F for c in line):
        return _error(device, raw, "character outside the track-2 set", at)
    m = _TRACK2.fullmatch(line)
    if m is None:
        return _error(device, raw, "track 2 is not ';' PAN ['=' data] '?' [LRC]", at)
    if m.group(3):
        end = m.start(3)
        if track2_lrc(line[:end]) != line[end]:
            return _error(device, raw, "track 2 LRC mismatch", at)
    return _read(device, "msr", raw, at, card_number=m.group(1).decode("ascii"))


def encode_track2(
    pan: str,
    *,
    expiry: str = "4912",
    service_code: str = "120",
    discretionary: str = "0",
    with_lrc: bool = True,
    corrupt: bool = False,
) -> bytes:
    """What a magstripe reader prints for a card: `;PAN=YYMMSSSD?L` + CR.

    `corrupt=True` makes the LRC wrong (for fault injection); it implies `with_lrc`.
    """
    if not (pan.isascii() and pan.isdigit() and 1 <= len(pan) <= PAN_MAX):
        raise ValueError(f"a track-2 card number is 1 to {PAN_MAX} digits, not {pan!r}")
    data = expiry + service_code + discretionary
    if not (data.isascii() and data.isdigit()):
        raise ValueError("expiry, service code and discretionary data are digits")
    body = f";{pan}={data}?".encode("ascii")
    if len(body) + (1 if with_lrc or corrupt else 0) > TRACK2_MAX:
        raise ValueError(f"track 2 holds at most {TRACK2_MAX} characters")
    if with_lrc or corrupt:
        lrc = track2_lrc(body)
        body += bytes([lrc ^ 0x01 if corrupt else lrc])
    return body + b"\r"


def rdm6300_checksum(data_hex: str) -> int:
    value = 0
    for byte in bytes.fromhex(data_hex):
        value ^= byte
    return value


def decode_rdm6300(
    raw: bytes, *, device: str = "rfid", at: datetime | None = None
) -> CardRead | DecodeError:
    if len(raw) != RDM6300_FRAME_LEN:
        return _error(
            device, raw, f"RDM6300 frame is {RDM6300_FRAME_LEN} bytes, not {len(raw)}", at
        )
    if raw[0] != 0x02 or raw[-1] != 0x03:
        return _error(device, raw, "RDM6300 frame must be STX … ETX", at)
    try:
        text = raw[1:-1].decode("ascii")
    except UnicodeDecodeError:
        return _error(device, raw, "RDM6300 frame is not ASCII hex", at)
    if not _HEX.fullmatch(text):
        return _error(device, raw, "RDM6300 frame is not ASCII hex", at)
    data, check = text[:10], int(text[10:], 16)
    if rdm6300_checksum(data) != check:
        return _error(device, raw, "RDM6300 checksum mismatch", at)
    return _read(device, "rfid", raw, at, uid=data.upper())


def encode_rdm6300(uid: str, *, corrupt: bool = False) -> bytes:
    """The RDM6300 frame for a 10-hex-digit id (2 version + 8 tag)."""
    if len(uid) != 10 or not _HEX.fullmatch(uid):
        raise ValueError(f"an RDM6300 card id is 10 hex digits (2 version + 8 tag), not {uid!r}")
    check = rdm6300_checksum(uid) ^ (0xFF if corrupt else 0)
    return b"\x02" + f"{uid.upper()}{check:02X}".encode("ascii") + b"\x03"


def normalise_nfc_uid(text: str) -> str:
    """`04:a2:…` → `04A2…`; ValueError unless it is 4, 7 or 10 bytes of hex."""
    compact = _NFC_SEPARATORS.sub("", text.strip())
    if not compact or not _HEX.fullmatch(compact) or not compact.isascii():
        raise ValueError(f"an NFC UID is hex, not {text!r}")
    if len(compact) % 2 or len(compact) // 2 not in NFC_UID_BYTES:
        raise ValueError(f"an NFC UID is 4, 7 or 10 bytes, not {len(compact) / 2:g}")
    return compact.upper()


def decode_nfc(
    raw: bytes, *, device: str = "nfc", at: datetime | None = None
) -> CardRead | DecodeError:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return _error(device, raw, "NFC line is not ASCII hex", at)
    try:
        uid = normalise_nfc_uid(text.rstrip("\r\n"))
    except ValueError as exc:
        return _error(device, raw, str(exc), at)
    return _read(device, "nfc", raw, at, uid=uid)


def encode_nfc(uid: str) -> bytes:
    return normalise_nfc_uid(uid).encode("ascii") + b"\r\n"


DECODERS = {"msr": decode_track2, "rfid": decode_rdm6300, "nfc": decode_nfc}


def decode_frame(
    raw: bytes,
    *,
    source: CardSource | None = None,
    device: str | None = None,
    at: datetime | None = None,
) -> CardRead | DecodeError:
    """Any card reader frame → `CardRead` or `DecodeError`.

    Without `source` the format is recognised by its first byte (`;` track 2, STX
    RDM6300, otherwise an NFC UID line).
    """
    if source is None:
        source = "msr" if raw[:1] == b";" else "rfid" if raw[:1] == b"\x02" else "nfc"
    if source not in DECODERS:
        raise ValueError(f"card source must be one of {sorted(DECODERS)}, not {source!r}")
    return DECODERS[source](raw, device=device or source, at=at)


def encode_card(value: str, source: CardSource, *, corrupt: bool = False) -> bytes:
    """What the reader of kind `source` sends for `value` (card number or hex UID)."""
    if source == "msr":
        return encode_track2(value, corrupt=corrupt)
    if source == "rfid":
        return encode_rdm6300(value, corrupt=corrupt)
    if source == "nfc":
        if corrupt:
            raise ValueError("an NFC line has no checksum to corrupt")
        return encode_nfc(value)
    raise ValueError(f"card source must be msr, rfid or nfc, not {source!r}")


def msr_resync_offset(line: bytes) -> int:
    """A track starts at its start sentinel: noise in front of it is dropped.

    The last `;` that begins a valid track wins (an LRC character may itself be `;`).
    """
    if isinstance(decode_track2(line), CardRead):
        return 0
    start = line.rfind(b";")
    while start > 0:
        if isinstance(decode_track2(line[start:]), CardRead):
            return start
        start = line.rfind(b";", 0, start)
    return 0


def nfc_resync_offset(line: bytes) -> int:
    """A UID line holds only hex and separators: noise in front ends at the last other byte."""
    start = 0
    for m in _NOT_NFC.finditer(line):
        start = m.end()
    return start if start < len(line) else 0
