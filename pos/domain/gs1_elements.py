"""GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar).

Two spellings reach us: the transmitted form, where variable-length fields end
with FNC1 sent as ASCII GS (0x1D), e.g. `0107038010000706` `3103000452`, and the
human-readable form `(01)07038010000706(3103)000452` that people type and labels
print. Only the application identifiers a grocery till uses are known; any other
AI is a clear error rather than a guess, because a wrong split would shift every
later field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.barcode_types import MalformedBarcode
from pos.domain.texts import T, Text

GS = "\x1d"


@dataclass(frozen=True)
class _Ai:
    length: int
    """Exact length for fixed fields, maximum for variable ones."""
    fixed: bool
    numeric: bool


# AI → field. 4-digit families (310n, 392n…) are listed by their 3-digit stem.
_TWO_DIGIT = {
    "00": _Ai(18, True, True),  # SSCC
    "01": _Ai(14, True, True),  # GTIN
    "02": _Ai(14, True, True),  # GTIN of contained items
    "10": _Ai(20, False, False),  # batch/lot
    "11": _Ai(6, True, True),  # production date
    "13": _Ai(6, True, True),  # packaging date
    "15": _Ai(6, True, True),  # best before
    "17": _Ai(6, True, True),  # expiry
    "20": _Ai(2, True, True),  # variant
    "21": _Ai(20, False, False),  # serial
    "30": _Ai(8, False, True),  # variable count
    "37": _Ai(8, False, True),  # count of trade items
}
_FOUR_DIGIT_STEMS = {
    "310": _Ai(6, True, True),  # net weight, kg
    "392": _Ai(15, False, True),  # amount payable, local currency
    "393": _Ai(18, False, True),  # amount payable with ISO 4217 currency
}
_AI_CHARS = re.compile(r"^[\x21-\x7e]*$")
_HUMAN = re.compile(r"\((\d{2,4})\)([^()]*)")
MAX_LENGTH = 256


def _bad(detail: Text) -> MalformedBarcode:
    return MalformedBarcode(T("gs1_invalid", detail=detail))


def _lookup(text: str, pos: int) -> tuple[str, _Ai]:
    two = text[pos:pos + 2]
    if two in _TWO_DIGIT:
        return two, _TWO_DIGIT[two]
    four = text[pos:pos + 4]
    if len(four) == 4 and four[:3] in _FOUR_DIGIT_STEMS and four[3].isdigit():
        return four, _FOUR_DIGIT_STEMS[four[:3]]
    raise _unknown_ai(text[pos:pos + 4] or "(tom)")


def _unknown_ai(ai: str) -> MalformedBarcode:
    return _bad(T("gs1_unknown_ai", ai=ai))


def _check_value(ai: str, spec: _Ai, value: str) -> None:
    if not value:
        raise _bad(T("gs1_ai_empty", ai=ai))
    if spec.fixed and len(value) != spec.length:
        raise _bad(
            T("gs1_ai_length", ai=ai, length=spec.length)
        )
    if len(value) > spec.length:
        raise _bad(T("gs1_ai_too_long", ai=ai))
    if spec.numeric and not (value.isascii() and value.isdigit()):
        raise _bad(T("gs1_ai_digits_only", ai=ai))
    if not _AI_CHARS.match(value):
        raise _bad(T("gs1_ai_bad_characters", ai=ai))


def looks_like_element_string(text: str) -> bool:
    """Human-readable `(01)…` or transmitted data with FNC1 separators."""
    return text.startswith("(") or GS in text


def parse_element_string(text: str) -> dict[str, str]:
    """Split a GS1 element string into {AI: value}, in order; raises `MalformedBarcode`."""
    if len(text) > MAX_LENGTH:
        raise _bad(T("detail_too_long"))
    if text.startswith("("):
        return _parse_human(text)
    return _parse_transmitted(text.lstrip(GS))


def _store(fields: dict[str, str], ai: str, value: str) -> None:
    if ai in fields:
        raise _bad(T("gs1_ai_twice", ai=ai))
    fields[ai] = value


def _parse_human(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    pos = 0
    for match in _HUMAN.finditer(text):
        if match.start() != pos:
            break
        ai, value = match[1], match[2]
        spec_ai, spec = _lookup(ai, 0)
        if spec_ai != ai:
            raise _unknown_ai(ai)
        _check_value(ai, spec, value)
        _store(fields, ai, value)
        pos = match.end()
    if pos != len(text) or not fields:
        raise _bad(T("gs1_bad_notation"))
    return fields


def _parse_transmitted(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        ai, spec = _lookup(text, pos)
        pos += len(ai)
        if spec.fixed:
            value = text[pos:pos + spec.length]
            pos += spec.length
            if text.startswith(GS, pos):
                pos += 1  # a redundant FNC1 after a fixed field is allowed
        else:
            end = text.find(GS, pos)
            end = len(text) if end < 0 else end
            value = text[pos:end]
            pos = end + 1
        _check_value(ai, spec, value)
        _store(fields, ai, value)
    if not fields:
        raise _bad(T("gs1_no_data"))
    return fields
