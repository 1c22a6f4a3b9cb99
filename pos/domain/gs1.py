"""GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar, Digital Link data),
read with the well-kept `biip` library; what is wrong is said in our words.

Two spellings reach us: the transmitted form, where variable-length fields end
with FNC1 sent as ASCII GS (0x1D), e.g. `0107038010000706` `3103000452`, and the
human-readable form `(01)07038010000706(3103)000452` that people type and labels
print. biip knows every application identifier (AI) and its format, so a wrong
split cannot shift later fields. This adapter adds what a till needs on top:

- every byte is accounted for: a human-readable text must be `(AI)value` groups
  from start to end (biip would skip trailing text), and an AI given twice is refused;
- a refusal names the AI and what is wrong with its value (empty, length, digits
  only, characters) in bokmål and English, from the domain catalogue, never
  biip's English message.

Our in-store layouts (`PP IIIII VVVVV C` weight and price labels, coupons, deposit
slips) are a setting of ours (`pos.domain.settings.InStoreLayout`), not GS1 element
strings, and stay in `pos.domain.barcodes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from biip import ParseError
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_messages import GS1Message

from pos.domain.barcode_types import MalformedBarcode
from pos.domain.texts import T, Text

GS = "\x1d"
MAX_LENGTH = 256
_HUMAN = re.compile(r"\((\d{2,4})\)([^()]*)")
_PRINTABLE = re.compile(r"^[\x21-\x7e]*$")
_FAILED_MATCH = re.compile(r"Failed to match '(?P<segment>.*)' with GS1 AI \((?P<ai>\d+)\)",
                           re.DOTALL)
_PART = re.compile(r"^(?P<kind>[NXYZ])(?P<variable>\.\.)?(?P<length>\d+)$")


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


def _parse_human(text: str) -> dict[str, str]:
    groups, pos = [], 0
    for match in _HUMAN.finditer(text):
        if match.start() != pos:
            break
        groups.append((match[1], match[2]))
        pos = match.end()
    if pos != len(text) or not groups:
        raise _bad(T("gs1_bad_notation"))
    for ai, value in groups:  # our reasons first: biip's are English and name no field
        _check_value(_identifier(ai), value)
    return _fields(_parse(lambda: GS1Message.parse_hri(text), text))


def _parse_transmitted(text: str) -> dict[str, str]:
    if not text:
        raise _bad(T("gs1_no_data"))
    return _fields(_parse(lambda: GS1Message.parse(text), text))


def _parse(parse, text: str) -> GS1Message:
    try:
        return parse()
    except ParseError as error:
        raise _bad(_reason(str(error), text)) from None


def _fields(message: GS1Message) -> dict[str, str]:
    fields: dict[str, str] = {}
    for element in message.element_strings:
        ai = element.ai.ai
        if ai in fields:
            raise _bad(T("gs1_ai_twice", ai=ai))
        _check_value(element.ai, element.value)  # biip lets e.g. a bare "30" through empty
        fields[ai] = element.value
    if not fields:
        raise _bad(T("gs1_no_data"))
    return fields


def _identifier(ai: str) -> GS1ApplicationIdentifier:
    try:
        found = GS1ApplicationIdentifier.extract(ai)
    except ParseError:
        raise _bad(T("gs1_unknown_ai", ai=ai)) from None
    if found.ai != ai:
        raise _bad(T("gs1_unknown_ai", ai=ai))
    return found


@dataclass(frozen=True)
class _Format:
    """The data part of an AI's format (`N2+N14` → numeric, exactly 14)."""

    numeric: bool
    fixed: bool
    length: int
    """Exact length when fixed, else the maximum."""


def _format(identifier: GS1ApplicationIdentifier) -> _Format:
    parts = [_PART.match(part) for part in identifier.format.split("+")[1:]]
    known = [p for p in parts if p is not None]
    return _Format(
        numeric=all(p["kind"] == "N" for p in known),
        fixed=all(p["variable"] is None for p in known),
        length=sum(int(p["length"]) for p in known),
    )


def _check_value(identifier: GS1ApplicationIdentifier, value: str) -> None:
    """Raise the first thing wrong with `value` for this AI, in the cashier's words."""
    ai, spec = identifier.ai, _format(identifier)
    if not value:
        raise _bad(T("gs1_ai_empty", ai=ai))
    if spec.fixed and len(value) != spec.length:
        raise _bad(T("gs1_ai_length", ai=ai, length=spec.length))
    if not spec.fixed and len(value) > spec.length:
        raise _bad(T("gs1_ai_too_long", ai=ai))
    if spec.numeric and not (value.isascii() and value.isdigit()):
        raise _bad(T("gs1_ai_digits_only", ai=ai))
    if not _PRINTABLE.match(value):
        raise _bad(T("gs1_ai_bad_characters", ai=ai))
    if not re.match(identifier.pattern, ai + value):
        raise _bad(T("gs1_ai_format", ai=ai))


def _reason(message: str, text: str) -> Text:
    """biip refused `text`: which AI, and what is wrong with its value."""
    failed = _FAILED_MATCH.search(message)
    if failed is not None:
        ai, segment = failed["ai"], failed["segment"]
        value = segment[len(ai):].split(GS)[0]
        try:
            _check_value(_identifier(ai), value)
        except MalformedBarcode as error:
            return error.text.params["detail"]
        return T("gs1_ai_format", ai=ai)
    date = re.search(r"GS1 AI \((?P<ai>\d+)\) date", message)
    if date is not None:
        return T("gs1_ai_bad_date", ai=date["ai"])
    unknown = re.search(r"(?:Identifier|Identifier from) '(?P<at>[^']*)'", message)
    if unknown is not None:
        return T("gs1_unknown_ai", ai=unknown["at"][:4] or text[:4])
    return T("gs1_bad_notation")


def _bad(detail: Text) -> MalformedBarcode:
    return MalformedBarcode(T("gs1_invalid", detail=detail))
