"""coopay_qr.py: the payload round-trips; anything malformed is a CoopayQrError."""

import base64
import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.formats import coopay_qr as qr
from pos.formats import tlv
from pos.formats.coopay_qr import COOPAY_AID, CoopayQrError, encode_payload, parse_payload

TOKENS = st.binary(min_size=16, max_size=16)


@given(TOKENS, TOKENS)
def test_encode_parse_round_trip(token, mac):
    text = qr.encode_payload(token, mac)
    payload = qr.parse_payload(text)
    assert (payload.token, payload.mac, payload.aid) == (token, mac, qr.COOPAY_AID)
    assert payload.text == text


def test_looks_like_coopay_recognises_real_payloads():
    assert qr.looks_like_coopay(qr.encode_payload(bytes(16), bytes(16)))


def test_mac_input_lets_a_key_holder_verify():
    key, token = b"k" * 32, bytes(range(16))
    mac = hmac.new(key, qr.mac_input(qr.COOPAY_AID, token), hashlib.sha256).digest()[:16]
    payload = qr.parse_payload(qr.encode_payload(token, mac))
    expected = hmac.new(key, qr.mac_input(payload.aid, payload.token), hashlib.sha256).digest()
    assert hmac.compare_digest(payload.mac, expected[:16])


def test_wrong_lengths_cannot_be_encoded():
    with pytest.raises(qr.CoopayQrError):
        qr.encode_payload(b"short", bytes(16))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hQVDUFYwMQ!!", "not base64"),
        (_b64(b"\x85\x05CPV02"), "CPV01"),
        (_b64(b"\x85\x05CPV01"), "application template"),
        (_b64(b"\x85\x05CPV01" + b"\x61\x00"), "application id"),
        ("A" * 600, "too long"),
    ],
)
def test_malformed_payloads_say_why(text, reason):
    with pytest.raises(qr.CoopayQrError, match=reason):
        qr.parse_payload(text)


def test_other_application_is_refused():
    body = qr.tlv.encode(b"\x85", b"CPV01") + qr.tlv.encode_constructed(
        b"\x61",
        qr.tlv.encode(b"\x4f", bytes.fromhex("A0000000031010")),
        qr.tlv.encode(b"\x50", b"VISA"),
        qr.tlv.encode(b"\xc1", bytes(16)),
        qr.tlv.encode(b"\x9f\x26", bytes(16)),
    )
    with pytest.raises(qr.CoopayQrError, match="another application"):
        qr.parse_payload(_b64(body))


@given(st.text(max_size=120))
def test_arbitrary_text_parses_or_raises_coopay_error(text):
    try:
        payload = qr.parse_payload(qr.QR_PREFIX + text)
    except qr.CoopayQrError:
        return
    assert len(payload.token) == len(payload.mac) == 16


# -- issue 14.2: every byte of the payload is validated or covered by the MAC -----------------

_TOKEN, _MAC = bytes(range(16)), bytes(range(16, 32))


def _body() -> bytes:
    return base64.b64decode(encode_payload(_TOKEN, _MAC))


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def test_a_flipped_bit_in_the_application_label_is_refused():
    raw = bytearray(_body())
    at = raw.index(b"COOPAY")
    raw[at] ^= 0x01
    with pytest.raises(CoopayQrError, match="label"):
        parse_payload(_text(bytes(raw)))


@pytest.mark.parametrize("tail", ["", "="])
def test_data_after_the_payload_is_refused(tail):
    good = encode_payload(_TOKEN, _MAC)
    with pytest.raises(CoopayQrError):
        parse_payload(good + good + tail if tail == "" else good + tail)


def test_a_trailing_tlv_object_or_an_unknown_tag_is_refused():
    extra = tlv.encode(b"\x5f\x20", b"x")
    with pytest.raises(CoopayQrError):
        parse_payload(_text(_body() + extra))
    inner = tlv.encode(b"\x85", b"CPV01") + tlv.encode_constructed(
        b"\x61", tlv.encode(b"\x4f", COOPAY_AID), tlv.encode(b"\x50", b"COOPAY"),
        tlv.encode(b"\xc1", _TOKEN), tlv.encode(b"\x9f\x26", _MAC), extra)
    with pytest.raises(CoopayQrError, match="exactly"):
        parse_payload(_text(inner))


def test_non_canonical_base64_is_refused():
    good = encode_payload(_TOKEN, _MAC)
    assert good.endswith("=") or len(good) % 4 == 0
    last = good.rstrip("=")[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    # the same bytes with the unused low bits of the last character set
    twin = good.rstrip("=")[:-1] + alphabet[alphabet.index(last) | 0x01] + "=" * (
        len(good) - len(good.rstrip("=")))
    if twin != good:
        assert base64.b64decode(twin) == base64.b64decode(good)
        with pytest.raises(CoopayQrError, match="canonical"):
            parse_payload(twin)


@given(st.integers(0, 10_000), st.integers(1, 255))
def test_any_changed_byte_is_refused_or_lands_in_what_the_mac_covers(position, flip):
    raw = bytearray(_body())
    at = position % len(raw)
    raw[at] ^= flip
    try:
        parsed = parse_payload(_text(bytes(raw)))
    except CoopayQrError:
        return
    assert (parsed.token, parsed.mac) != (_TOKEN, _MAC)  # the backend's MAC check refuses it
