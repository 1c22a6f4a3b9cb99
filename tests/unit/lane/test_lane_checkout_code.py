"""The ShopExpress checkout code: round trip, forgery, damage, and parse_barcode's view of it."""

from __future__ import annotations

import base64
import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.barcode_types import BarcodeError, SymbologyMismatch
from pos.domain.barcodes import parse_barcode
from pos.domain.member import MemberRef
from pos.domain.shopexpress import (
    MAX_CHECKOUT_CODE_CHARS,
    CheckoutCode,
    CheckoutCodeError,
    CheckoutCodeForged,
    Trip,
    TripError,
    TripItem,
    decode_checkout_code,
    encode_checkout_code,
)

KEY = b"store-1001-key"
MEMBER = MemberRef("m-0042", "**** **** **** 1234", "owner", "OL")


def trip(*codes: str, removals: int = 0) -> Trip:
    result = Trip("0123456789abcdef", "1001", MEMBER, removals=0)
    for code in codes:
        result = result.with_item(code)
    return Trip(result.trip_id, result.store, result.member, result.items, removals)


def test_round_trip_keeps_items_quantities_member_and_removals():
    original = trip("7038010000706", "7038010000706", "2300012004526", removals=2)
    text = encode_checkout_code(original, KEY)
    assert text.startswith("SXP1.")
    back = decode_checkout_code(text, KEY)
    assert back == original
    assert back.items == (TripItem("7038010000706", 2), TripItem("2300012004526", 1))


def test_the_code_holds_no_card_number_in_clear():
    text = encode_checkout_code(trip("7038010000706"), KEY)
    assert "1234" not in text  # compressed and encoded; the masked tail is inside only


def test_an_edited_code_is_refused_as_forged():
    text = encode_checkout_code(trip("7038010000706", "7038010000706"), KEY)
    cheaper = encode_checkout_code(trip("7038010000706"), b"someone-elses-key")
    forged = cheaper.rsplit(".", 1)[0] + "." + text.rsplit(".", 1)[1]
    with pytest.raises(CheckoutCodeForged):
        decode_checkout_code(forged, KEY)
    with pytest.raises(CheckoutCodeForged):
        decode_checkout_code(text, b"another store")


def test_removing_counts_and_unknown_index_is_refused():
    two = trip("7038010000706", "7038010000706")
    one = two.without_item(0)
    assert one.items == (TripItem("7038010000706", 1),) and one.removals == 1
    assert one.without_item(0).items == () and one.without_item(0).removals == 2
    with pytest.raises(TripError):
        one.without_item(5)


def test_a_full_trip_code_fits_what_a_scanner_frames():
    many = trip(*[f"70380100{n:05d}" for n in range(40)])
    assert len(encode_checkout_code(many, KEY)) <= MAX_CHECKOUT_CODE_CHARS


def test_parse_barcode_recognises_it_from_a_qr_only():
    text = encode_checkout_code(trip("7038010000706"), KEY)
    assert parse_barcode(text, "qr") == CheckoutCode(text)
    assert parse_barcode(text, "qr") == CheckoutCode(text)
    with pytest.raises(SymbologyMismatch):
        parse_barcode(text, "ean13")


@given(st.text(max_size=300))
def test_any_text_is_a_trip_or_a_typed_error(text):
    with contextlib.suppress(CheckoutCodeError):
        decode_checkout_code(text, KEY)


@given(st.binary(max_size=400))
def test_any_signed_body_is_a_trip_or_a_typed_error(body):
    """Even a correctly signed but malformed body (a buggy handheld) gives a typed error."""
    import hashlib
    import hmac

    signed = "SXP1." + base64.urlsafe_b64encode(body).rstrip(b"=").decode()
    mac = hmac.new(KEY, signed.encode(), hashlib.sha256).digest()[:16]
    text = signed + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    with contextlib.suppress(CheckoutCodeError):
        decode_checkout_code(text, KEY)


@given(st.lists(st.tuples(st.sampled_from(["7038010000706", "2300012004526", "12345"]),
                          st.integers(1, 5)), max_size=20), st.integers(0, 50))
def test_round_trip_property(items, removals):
    base = Trip("00112233445566778899aabbccddeeff", "1001", MEMBER,
                tuple(TripItem(code, qty) for code, qty in items), removals)
    assert decode_checkout_code(encode_checkout_code(base, KEY), KEY) == base


@given(st.text(max_size=80))
def test_parse_barcode_still_only_raises_barcode_errors(text):
    with contextlib.suppress(BarcodeError):
        parse_barcode("SXP1." + text)
