"""Byte streams to frames: the framings our devices use, with resynchronisation.

A framer is fed whatever bytes one `read()` returned, with the time they arrived,
and hands back complete `Frame`s and `Garbage` (bytes that cannot be part of a
frame, with the reason). It never raises and never grows without bound:

- `LineFramer`: a frame ends at a suffix byte (CR, LF or CR LF; empty lines are
  skipped). Scanners, magstripe readers, NFC readers.
- `IdleFramer`: no suffix; a frame ends when the line has been quiet for `gap`
  seconds (the inter-byte timeout of scanners set to "no suffix").
- `StxEtxFramer`: STX … ETX plus a fixed-length trailer (an LRC). RDM6300 readers
  and the payment terminal. Bytes outside STX…ETX are garbage, a second STX restarts
  the frame, and single control bytes such as ACK/NAK can be passed through.
- `FixedLengthFramer`: every `length` bytes make a frame.

Resynchronisation after garbage: a partial frame that has seen no byte for `gap`
seconds is dropped as garbage (devices send a frame back to back, so silence in the
middle of one means the start was line noise). Frames longer than `max_len` are
dropped up to the next boundary. `LineFramer` can also take a `resync` function
from the codec that finds where a real frame starts inside a polluted line (an AIM
identifier, a configured prefix, a track-2 start sentinel). With one, a pause never
cuts a line: a writer stalled mid-frame (a loaded machine, a slow USB adapter) would
otherwise lose the frame's start (`]` of `]E0…`) and the rest would read as a
different code; noise before a frame is cut off by `resync` when the suffix comes.

`poll(now)` lets the reader flush a stale partial frame when no bytes come at all;
`deadline` says when that next matters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_MAX_LEN = 1024


@dataclass(frozen=True)
class Frame:
    raw: bytes


@dataclass(frozen=True)
class Garbage:
    raw: bytes
    reason: str


Piece = Frame | Garbage


class Framer:
    """Common state: the partial frame, when its last byte came, and the length cap."""

    def __init__(self, *, max_len: int = DEFAULT_MAX_LEN, gap: float = 0.2) -> None:
        if max_len < 1:
            raise ValueError("max_len must be at least 1")
        if gap <= 0:
            raise ValueError("gap must be positive")
        self.max_len = max_len
        self.gap = gap
        self._buf = bytearray()
        self._last_at: float | None = None

    @property
    def deadline(self) -> float | None:
        """When a pending partial frame goes stale (None: nothing pending)."""
        if not self._pending() or self._last_at is None:
            return None
        return self._last_at + self.gap

    def _pending(self) -> bool:
        return bool(self._buf)

    def feed(self, data: bytes, now: float) -> list[Piece]:
        out = self.poll(now)
        if data:
            self._last_at = now
            self._consume(data, out)
        return out

    def poll(self, now: float) -> list[Piece]:
        deadline = self.deadline
        if deadline is None or now < deadline:
            return []
        return self._on_silence()

    def _take(self) -> bytes:
        raw = bytes(self._buf)
        self._buf.clear()
        return raw

    def _on_silence(self) -> list[Piece]:
        return [Garbage(self._take(), "incomplete frame: the line went quiet before it ended")]

    def _consume(self, data: bytes, out: list[Piece]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _too_long(raw: bytes, max_len: int) -> Garbage:
    return Garbage(raw[:max_len], f"frame longer than {max_len} bytes")


class LineFramer(Framer):
    """Frames end at any byte of `terminators`; CR LF therefore needs no special case."""

    def __init__(
        self,
        terminators: bytes = b"\r\n",
        *,
        resync: Callable[[bytes], int] | None = None,
        max_len: int = DEFAULT_MAX_LEN,
        gap: float = 0.2,
    ) -> None:
        super().__init__(max_len=max_len, gap=gap)
        if not terminators:
            raise ValueError("a line framing needs at least one terminator byte")
        self._split = re.compile(b"[" + re.escape(terminators) + b"]")
        self._resync = resync
        self._skipping = False  # inside an overlong line, dropping up to its end

    def _pending(self) -> bool:
        if self._resync is not None and not self._skipping:
            return False  # a partial line waits for its suffix, however long the pause
        return bool(self._buf) or self._skipping

    def _on_silence(self) -> list[Piece]:
        was_skipping, self._skipping = self._skipping, False
        if was_skipping:
            self._buf.clear()
            return []
        return super()._on_silence()

    def _consume(self, data: bytes, out: list[Piece]) -> None:
        self._buf += data
        while (m := self._split.search(self._buf)) is not None:
            line = bytes(self._buf[: m.start()])
            del self._buf[: m.end()]
            if self._skipping:
                self._skipping = False
            elif len(line) > self.max_len:
                out.append(_too_long(line, self.max_len))
            elif line:
                out.extend(self._resynchronised(line))
        if len(self._buf) > self.max_len:
            if not self._skipping:
                out.append(_too_long(bytes(self._buf), self.max_len))
            self._buf.clear()
            self._skipping = True

    def _resynchronised(self, line: bytes) -> list[Piece]:
        start = self._resync(line) if self._resync else 0
        if start <= 0 or start >= len(line):
            return [Frame(line)]
        return [Garbage(line[:start], "garbage before a frame"), Frame(line[start:])]


class IdleFramer(Framer):
    """No suffix: whatever arrives back to back is one frame, ended by `gap` of silence."""

    def __init__(self, *, max_len: int = DEFAULT_MAX_LEN, gap: float = 0.05) -> None:
        super().__init__(max_len=max_len, gap=gap)
        self._overlong = False

    def _on_silence(self) -> list[Piece]:
        raw = self._take()
        if self._overlong:
            self._overlong = False
            return [_too_long(raw, self.max_len)]
        return [Frame(raw)]

    def _consume(self, data: bytes, out: list[Piece]) -> None:
        if self._overlong:
            return
        self._buf += data
        if len(self._buf) > self.max_len:
            # keep the first max_len bytes: the silence that ends this burst reports it once
            self._overlong = True
            del self._buf[self.max_len :]


class StxEtxFramer(Framer):
    """STX body ETX [trailer]: exact resynchronisation on the next STX."""

    def __init__(
        self,
        *,
        stx: int = 0x02,
        etx: int = 0x03,
        trailer: int = 0,
        passthrough: bytes = b"",
        max_len: int = DEFAULT_MAX_LEN,
        gap: float = 0.2,
    ) -> None:
        super().__init__(max_len=max_len, gap=gap)
        if stx == etx or stx in passthrough or etx in passthrough:
            raise ValueError("STX, ETX and pass-through bytes must differ")
        self.stx, self.etx, self.trailer = stx, etx, trailer
        self.passthrough = frozenset(passthrough)
        self._inside = False
        self._trailer_left = 0

    def _on_silence(self) -> list[Piece]:
        if self._inside:
            self._inside = False
            return [Garbage(self._take(), "incomplete frame: no ETX before the line went quiet")]
        return [Garbage(self._take(), "bytes outside a frame")]

    def _flush_junk(self, out: list[Piece]) -> None:
        if self._buf:
            out.append(Garbage(self._take(), "bytes outside a frame"))

    def _consume(self, data: bytes, out: list[Piece]) -> None:
        for byte in data:
            if not self._inside:
                if byte == self.stx:
                    self._flush_junk(out)
                    self._inside, self._trailer_left = True, -1
                    self._buf.append(byte)
                elif byte in self.passthrough:
                    self._flush_junk(out)
                    out.append(Frame(bytes((byte,))))
                else:
                    self._buf.append(byte)
                    if len(self._buf) >= self.max_len:
                        self._flush_junk(out)
                continue
            if self._trailer_left > 0:  # collecting the trailer after ETX: any byte value
                self._buf.append(byte)
                self._trailer_left -= 1
            elif byte == self.stx:
                out.append(Garbage(self._take(), "frame cut off by a new STX"))
                self._buf.append(byte)
                continue
            else:
                self._buf.append(byte)
                if byte == self.etx:
                    self._trailer_left = self.trailer
                elif len(self._buf) > self.max_len:
                    out.append(_too_long(self._take(), self.max_len))
                    self._inside = False
                    continue
            if self._trailer_left == 0:
                out.append(Frame(self._take()))
                self._inside = False


class FixedLengthFramer(Framer):
    """Every `length` bytes are a frame; a partial frame left by noise dies with silence."""

    def __init__(self, length: int, *, gap: float = 0.2) -> None:
        super().__init__(max_len=length, gap=gap)
        self.length = length

    def _consume(self, data: bytes, out: list[Piece]) -> None:
        self._buf += data
        while len(self._buf) >= self.length:
            out.append(Frame(bytes(self._buf[: self.length])))
            del self._buf[: self.length]
