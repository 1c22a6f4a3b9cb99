"""BER-TLV (ISO/IEC 8825-1 as used by EMV): the container of the Coopay QR payload.

A tag is 1+ bytes (low five bits all set in the first byte means more bytes
follow, each with bit 8 set but the last); bit 6 of the first byte marks a
constructed object whose value is itself TLV. Lengths are short form (< 128) or
long form `0x81 n` / `0x82 n n`. Anything else is a `TlvError`, never another
exception, because the input comes off a scanner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_DEPTH = 4


class TlvError(ValueError):
    """Bytes that are not well-formed BER-TLV."""


@dataclass(frozen=True)
class Tlv:
    tag: bytes
    value: bytes = b""
    children: tuple[Tlv, ...] = field(default=())

    @property
    def constructed(self) -> bool:
        return bool(self.tag[0] & 0x20)

    def find(self, tag: bytes) -> Tlv | None:
        """The first direct child with `tag`."""
        return next((c for c in self.children if c.tag == tag), None)


def encode_length(n: int) -> bytes:
    if n < 0:
        raise TlvError("negative length")
    if n < 0x80:
        return bytes([n])
    if n <= 0xFF:
        return bytes([0x81, n])
    if n <= 0xFFFF:
        return bytes([0x82, n >> 8, n & 0xFF])
    raise TlvError("value too long for this codec (max 65535 bytes)")


def encode(tag: bytes, value: bytes) -> bytes:
    """One primitive TLV object."""
    return tag + encode_length(len(value)) + value


def encode_constructed(tag: bytes, *children: bytes) -> bytes:
    """A constructed TLV object wrapping already-encoded children."""
    if not tag[0] & 0x20:
        raise TlvError(f"tag {tag.hex().upper()} is not a constructed tag")
    return encode(tag, b"".join(children))


def _read_tag(data: bytes, pos: int) -> tuple[bytes, int]:
    if pos >= len(data):
        raise TlvError("truncated: tag expected")
    start = pos
    first = data[pos]
    pos += 1
    if first & 0x1F == 0x1F:
        while True:
            if pos >= len(data):
                raise TlvError("truncated multi-byte tag")
            byte = data[pos]
            pos += 1
            if not byte & 0x80:
                break
            if pos - start > 4:
                raise TlvError("tag longer than 4 bytes")
    return data[start:pos], pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise TlvError("truncated: length expected")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    count = first & 0x7F
    if count == 0 or count > 2:
        raise TlvError(f"unsupported length form 0x{first:02X}")
    if pos + count > len(data):
        raise TlvError("truncated long-form length")
    return int.from_bytes(data[pos:pos + count], "big"), pos + count


def decode(data: bytes, depth: int = 0) -> tuple[Tlv, ...]:
    """Decode a sequence of TLV objects (recursing into constructed ones)."""
    if depth > MAX_DEPTH:
        raise TlvError("nested too deep")
    objects: list[Tlv] = []
    pos = 0
    while pos < len(data):
        tag, pos = _read_tag(data, pos)
        length, pos = _read_length(data, pos)
        if pos + length > len(data):
            raise TlvError(f"tag {tag.hex().upper()} claims {length} bytes, {len(data) - pos} left")
        value = data[pos:pos + length]
        pos += length
        children = decode(value, depth + 1) if tag[0] & 0x20 else ()
        objects.append(Tlv(tag, value, children))
    return tuple(objects)
