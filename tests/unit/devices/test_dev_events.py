"""Events are frozen facts; their repr never shows a card number in clear."""

import dataclasses

import pytest

from devices.card_reader import decode_track2, encode_track2
from devices.events import DecodeError, PaymentResult, Scan, mask_digits


def test_card_read_repr_masks_the_number_but_keeps_it_in_the_field():
    event = decode_track2(encode_track2("9578010000047115"))
    assert event.card_number == "9578010000047115"
    text = repr(event)
    assert "9578010000047115" not in text
    assert "************7115" in text


def test_decode_error_repr_masks_card_numbers_in_raw_bytes():
    event = DecodeError("msr", b";9578010000047115=4912?0", "track 2 LRC mismatch")
    assert b"9578010000047115".decode() not in repr(event)


def test_ean13_stays_readable_in_logs():
    assert "7038010000706" in repr(Scan("scanner", "7038010000706", "ean13", "]E0", b""))


def test_mask_digits_only_touches_card_length_runs():
    assert mask_digits("kort 4111111111111111 og 7038010000706") == (
        "kort ************1111 og 7038010000706"
    )


def test_events_are_frozen():
    result = PaymentResult("terminal", "approved", 100, "T1", "****1111", None, "r1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = "declined"
    assert result.at.tzinfo is not None
