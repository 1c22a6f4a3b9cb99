"""Card readers: track 2 (LRC), RDM6300 (XOR) and NFC UID lines; a bad checksum is never a read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices import card_reader
from devices.card_reader import (
    decode_frame,
    decode_nfc,
    decode_rdm6300,
    decode_track2,
    encode_card,
    encode_nfc,
    encode_rdm6300,
    encode_track2,
    track2_lrc,
)
from devices.events import CardRead, DecodeError

CARD = "9578010000047115"


def test_track2_with_lrc_gives_the_card_number():
    raw = encode_track2(CARD)
    assert raw.startswith(b";9578010000047115=4912") and raw.endswith(b"\r")
    event = decode_track2(raw)
    assert isinstance(event, CardRead)
    assert (event.source, event.card_number, event.uid) == ("msr", CARD, None)


def test_track2_lrc_is_the_xor_of_the_four_bit_values():
    # ; (0xB) 1 (0x1) ? (0xF): 0xB ^ 0x1 ^ 0xF = 0x5 → '5'
    assert track2_lrc(b";1?") == ord("5")
    assert isinstance(decode_track2(b";1?5"), CardRead)
    assert isinstance(decode_track2(b";1?4"), DecodeError)


def test_track2_without_lrc_is_accepted_as_many_readers_strip_it():
    event = decode_track2(b";9578010000047115=49121200?\r")
    assert isinstance(event, CardRead) and event.card_number == CARD


def test_track2_with_a_wrong_lrc_is_a_decode_error_never_a_read():
    event = decode_track2(encode_track2(CARD, corrupt=True))
    assert isinstance(event, DecodeError)
    assert "LRC" in event.reason


@pytest.mark.parametrize(
    "raw",
    [b"9578010000047115=4912?", b";9578=4912", b";=4912?", b";12345678901234567890=1?", b";12A4?"],
)
def test_malformed_tracks_are_decode_errors(raw):
    assert isinstance(decode_track2(raw), DecodeError)


def test_rdm6300_frame_round_trip_and_checksum():
    raw = encode_rdm6300("0a1b2c3d4e")
    assert raw[0] == 0x02 and raw[-1] == 0x03 and len(raw) == 14
    # checksum = 0x0A ^ 0x1B ^ 0x2C ^ 0x3D ^ 0x4E = 0x4E
    assert raw[11:13] == b"4E"
    event = decode_rdm6300(raw)
    assert isinstance(event, CardRead)
    assert (event.source, event.uid, event.card_number) == ("rfid", "0A1B2C3D4E", None)


def test_rdm6300_bad_checksum_is_a_decode_error():
    event = decode_rdm6300(encode_rdm6300("0A1B2C3D4E", corrupt=True))
    assert isinstance(event, DecodeError) and "checksum" in event.reason


@pytest.mark.parametrize(
    "raw", [b"\x020A1B2C3D4E4E", b"0A1B2C3D4E4E\x03\x03", b"\x020A1B2C3D4Z4E\x03", b"\x02\xff" * 7]
)
def test_malformed_rdm6300_frames_are_decode_errors(raw):
    assert isinstance(decode_rdm6300(raw), DecodeError)


@pytest.mark.parametrize(
    ("line", "uid"),
    [
        (b"04A2B3C4\r\n", "04A2B3C4"),
        (b"04:a2:b3:c4:d5:e6:f7\r\n", "04A2B3C4D5E6F7"),
        (b"04 A2 B3 C4 D5 E6 F7 08 09 0A\n", "04A2B3C4D5E6F708090A"),
    ],
)
def test_nfc_lines_give_a_normalised_uid(line, uid):
    event = decode_nfc(line)
    assert isinstance(event, CardRead)
    assert (event.source, event.uid) == ("nfc", uid)


@pytest.mark.parametrize(
    "line", [b"04A2B3\r\n", b"04A2B3C4D5\r\n", b"XYZ\r\n", b"\r\n", b"04A2B3C\r\n"]
)
def test_nfc_lines_of_the_wrong_size_or_not_hex_are_decode_errors(line):
    assert isinstance(decode_nfc(line), DecodeError)


def test_decode_frame_recognises_the_format_by_its_first_byte():
    assert decode_frame(encode_track2(CARD)).source == "msr"
    assert decode_frame(encode_rdm6300("0A1B2C3D4E")).source == "rfid"
    assert decode_frame(b"04A2B3C4").source == "nfc"
    assert decode_frame(b"04A2B3C4", device="kasse2").device == "kasse2"


def test_encoders_refuse_bad_values_with_clear_errors():
    with pytest.raises(ValueError, match="1 to 19 digits"):
        encode_track2("12AB")
    with pytest.raises(ValueError, match="10 hex digits"):
        encode_rdm6300("123")
    with pytest.raises(ValueError, match="4, 7 or 10 bytes"):
        encode_nfc("0102")
    with pytest.raises(ValueError, match="no checksum"):
        encode_card("04A2B3C4", "nfc", corrupt=True)


def test_msr_resync_finds_the_track_after_noise():
    track = encode_track2(CARD).rstrip(b"\r")
    assert card_reader.msr_resync_offset(b"\x01;;x" + track) == 4
    assert card_reader.msr_resync_offset(track) == 0


def test_nfc_resync_starts_after_the_last_non_hex_byte():
    assert card_reader.nfc_resync_offset(b"\x81\x0504A2B3C4") == 2
    assert card_reader.nfc_resync_offset(b"04A2B3C4") == 0


@given(pan=st.text(alphabet="0123456789", min_size=1, max_size=19), lrc=st.booleans())
def test_track2_round_trip(pan, lrc):
    event = decode_frame(encode_track2(pan, with_lrc=lrc))
    assert isinstance(event, CardRead) and event.card_number == pan


@given(uid=st.binary(min_size=5, max_size=5))
def test_rdm6300_round_trip(uid):
    event = decode_frame(encode_rdm6300(uid.hex()))
    assert isinstance(event, CardRead) and event.uid == uid.hex().upper()


@given(uid=st.sampled_from([4, 7, 10]).flatmap(lambda n: st.binary(min_size=n, max_size=n)))
def test_nfc_round_trip(uid):
    event = decode_frame(encode_nfc(uid.hex()))
    assert isinstance(event, CardRead) and event.uid == uid.hex().upper()


@given(pan=st.text(alphabet="0123456789", min_size=1, max_size=19), flip=st.integers(1, 15))
def test_any_wrong_lrc_is_caught(pan, flip):
    raw = encode_track2(pan)
    bad = raw[:-2] + bytes([0x30 | ((raw[-2] & 0x0F) ^ flip)]) + b"\r"
    assert isinstance(decode_track2(bad), DecodeError)


@given(raw=st.binary(max_size=64), source=st.sampled_from([None, "msr", "rfid", "nfc"]))
def test_decoders_never_raise_on_any_bytes(raw, source):
    assert isinstance(decode_frame(raw, source=source), CardRead | DecodeError)
    assert 0 <= card_reader.msr_resync_offset(raw) <= len(raw)
    assert 0 <= card_reader.nfc_resync_offset(raw) <= len(raw)
