"""The Coopay QR payload: EMVCo consumer-presented mode, our profile of it.

No public payload format exists, so ours follows EMVCo CPM (BRIEF §5): the QR
holds base64 (standard alphabet, padded) of BER-TLV:

    85 05 "CPV01"                       payload format indicator
    61 LL                               application template
       4F 07 A0000009991001             application identifier (Coopay)
       50 06 "COOPAY"                   application label
       C1 10 <16 random bytes>          one-time payment token
       9F26 10 <16 bytes>               MAC: HMAC-SHA256(key, mac_input)[:16]

The token is an opaque random handle the backend looks up; it carries no
personal data. The MAC lets the backend reject forged payloads before any
lookup; only the backend holds the key, so the till merely *recognises* a
payload here and forwards it. See docs/protocols.md.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from pos.formats import tlv

PAYLOAD_FORMAT = b"CPV01"
COOPAY_AID = bytes.fromhex("A0000009991001")
COOPAY_LABEL = b"COOPAY"
TOKEN_LENGTH = 16
MAC_LENGTH = 16

TAG_PAYLOAD_FORMAT = b"\x85"
TAG_APP_TEMPLATE = b"\x61"
TAG_AID = b"\x4f"
TAG_LABEL = b"\x50"
TAG_TOKEN = b"\xc1"
TAG_MAC = b"\x9f\x26"

_TEMPLATE_TAGS = (TAG_AID, TAG_LABEL, TAG_TOKEN, TAG_MAC)

# base64 of 85 05 "CPV01" is 9 stable characters (the 10th mixes in the next byte).
QR_PREFIX = "hQVDUFYwM"
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
MAX_QR_TEXT = 512


class CoopayQrError(ValueError):
    """Text that claims to be a Coopay QR payload but is malformed."""


@dataclass(frozen=True)
class CoopayPayload:
    token: bytes
    mac: bytes
    aid: bytes = COOPAY_AID
    text: str = ""

    @property
    def token_hex(self) -> str:
        return self.token.hex()


def mac_input(aid: bytes, token: bytes) -> bytes:
    """The bytes the MAC covers: format indicator, AID and token."""
    return PAYLOAD_FORMAT + aid + token


def encode_payload(token: bytes, mac: bytes, aid: bytes = COOPAY_AID) -> str:
    """Build the QR text (the backend does this when an app asks for a token)."""
    if len(token) != TOKEN_LENGTH or len(mac) != MAC_LENGTH:
        raise CoopayQrError("token and MAC must be 16 bytes each")
    body = tlv.encode(TAG_PAYLOAD_FORMAT, PAYLOAD_FORMAT) + tlv.encode_constructed(
        TAG_APP_TEMPLATE,
        tlv.encode(TAG_AID, aid),
        tlv.encode(TAG_LABEL, COOPAY_LABEL),
        tlv.encode(TAG_TOKEN, token),
        tlv.encode(TAG_MAC, mac),
    )
    return base64.b64encode(body).decode("ascii")


def looks_like_coopay(text: str) -> bool:
    """Cheap recognition: does this scanned text claim to be a Coopay payload?"""
    return text.strip().startswith(QR_PREFIX)


def parse_payload(text: str) -> CoopayPayload:
    """Decode and check the structure (not the MAC: only the backend has the key)."""
    text = text.strip()
    if len(text) > MAX_QR_TEXT:
        raise CoopayQrError("Coopay QR payload is too long")
    if not _BASE64.match(text):
        raise CoopayQrError("Coopay QR payload is not base64")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CoopayQrError(f"Coopay QR payload is not valid base64: {exc}") from None
    if base64.b64encode(raw).decode("ascii") != text:  # one spelling only: no spare bits
        raise CoopayQrError("Coopay QR payload is not canonical base64")
    try:
        objects = tlv.decode(raw)
    except tlv.TlvError as exc:
        raise CoopayQrError(f"Coopay QR payload is not valid BER-TLV: {exc}") from None
    if not objects or objects[0].tag != TAG_PAYLOAD_FORMAT or objects[0].value != PAYLOAD_FORMAT:
        raise CoopayQrError("not a Coopay payload: payload format indicator CPV01 missing")
    # every byte is either checked here or covered by the MAC (format, AID, token): exactly
    # the format indicator and one template, and in it exactly our four fields, in order
    template = next((o for o in objects if o.tag == TAG_APP_TEMPLATE), None)
    if template is None:
        raise CoopayQrError("Coopay payload has no application template (61)")
    if [o.tag for o in objects] != [TAG_PAYLOAD_FORMAT, TAG_APP_TEMPLATE]:
        raise CoopayQrError("Coopay payload has data besides the format indicator and the "
                            "application template")
    children = [(child.tag, child.value) for child in template.children]
    fields = dict(children)
    for tag, name in zip(_TEMPLATE_TAGS, ("application id", "application label", "token",
                                          "MAC"), strict=True):
        if tag not in fields:
            raise CoopayQrError(f"Coopay payload has no {name}")
    if [tag for tag, _ in children] != list(_TEMPLATE_TAGS):
        raise CoopayQrError("Coopay template must hold exactly 4F, 50, C1 and 9F26, in order")
    if fields[TAG_AID] != COOPAY_AID:
        raise CoopayQrError("Coopay payload names another application")
    if fields[TAG_LABEL] != COOPAY_LABEL:
        raise CoopayQrError("Coopay payload has another application label")
    if len(fields[TAG_TOKEN]) != TOKEN_LENGTH:
        raise CoopayQrError("Coopay token has the wrong length")
    if len(fields[TAG_MAC]) != MAC_LENGTH:
        raise CoopayQrError("Coopay MAC has the wrong length")
    return CoopayPayload(
        token=fields[TAG_TOKEN], mac=fields[TAG_MAC], aid=fields[TAG_AID], text=text
    )
