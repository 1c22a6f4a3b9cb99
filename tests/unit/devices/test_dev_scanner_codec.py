"""Scanner lines: AIM identifiers map to our symbology names, bad lines are DecodeErrors."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices import scanner
from devices.events import DecodeError, Scan
from devices.scanner import AIM_SYMBOLOGIES, ScannerFormat, decode_frame, encode_scan


@pytest.mark.parametrize(
    ("aim", "data", "symbology"),
    [
        ("]E0", "7038010000706", "ean13"),
        ("]E4", "70380107", "ean8"),
        ("]E3", "703801000070612", "ean_addon"),
        ("]C0", "ABC-123", "code128"),
        ("]C1", "0107038010000706\x1d3103000500", "gs1_128"),
        ("]Q1", "hQVDUFYwMWEy", "qr"),
        ("]Q3", "0107038010000706", "gs1_qr"),
        ("]d2", "0107038010000706", "gs1_datamatrix"),
        ("]A0", "CODE39", "code39"),
        ("]I0", "12345678", "itf"),
        ("]e0", "0107038010000706", "gs1_databar"),
    ],
)
def test_aim_identifier_gives_symbology_and_is_stripped(aim, data, symbology):
    event = decode_frame(f"{aim}{data}\r".encode())
    assert isinstance(event, Scan)
    assert (event.data, event.symbology, event.aim) == (data, symbology, aim)


def test_table_matches_the_contract_shared_with_the_domain():
    assert AIM_SYMBOLOGIES["]E0"] == "ean13"
    assert AIM_SYMBOLOGIES["]Q0"] == AIM_SYMBOLOGIES["]Q1"] == "qr"
    assert AIM_SYMBOLOGIES["]d1"] == "datamatrix"
    assert AIM_SYMBOLOGIES["]I1"] == "itf"
    assert {AIM_SYMBOLOGIES[k] for k in ("]E1", "]E2", "]E3")} == {"ean_addon"}


def test_data_without_aim_is_accepted_with_no_symbology():
    event = decode_frame(b"7038010000706\r\n")
    assert isinstance(event, Scan)
    assert (event.data, event.symbology, event.aim) == ("7038010000706", None, None)


def test_unknown_aim_keeps_the_id_but_names_no_symbology():
    event = decode_frame(b"]X5payload")
    assert isinstance(event, Scan)
    assert (event.aim, event.symbology, event.data) == ("]X5", None, "payload")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\r", "empty"),
        (b"]E0\r", "AIM identifier without data"),
        (b"]E0703801000070A", "digits"),
        (b"]E0123", "12 or 13 digits"),
        (b"]E4123456789", "8 digits"),
        (b"70380\x0110000706", "control character"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_bad_lines_are_decode_errors_with_a_reason(raw, reason):
    event = decode_frame(raw, device="handheld")
    assert isinstance(event, DecodeError)
    assert event.device == "handheld"
    assert reason in event.reason
    assert event.raw == raw


def test_prefix_is_required_and_stripped_when_configured():
    fmt = ScannerFormat(prefix=b"\x02", suffix="crlf")
    event = decode_frame(b"\x02]E07038010000706\r\n", fmt=fmt)
    assert isinstance(event, Scan) and event.data == "7038010000706"
    assert isinstance(decode_frame(b"]E07038010000706", fmt=fmt), DecodeError)


def test_aim_modes():
    required = ScannerFormat(aim="required")
    assert isinstance(decode_frame(b"7038010000706", fmt=required), DecodeError)
    off = ScannerFormat(aim="off")
    event = decode_frame(b"]E07038010000706", fmt=off)
    assert isinstance(event, Scan) and event.data == "]E07038010000706" and event.aim is None


def test_encode_refuses_what_would_break_the_frame():
    with pytest.raises(ValueError):
        encode_scan("")
    with pytest.raises(ValueError):
        encode_scan("a\rb")
    with pytest.raises(ValueError):
        encode_scan("123", aim="E0")


def test_resync_cuts_noise_at_aim_or_after_the_last_impossible_byte():
    assert scanner.resync_offset(b"]E07038010000706") == 0
    assert scanner.resync_offset(b"\x01\xffzz]E07038010000706") == 4
    assert scanner.resync_offset(b"\x01\x80A7038010000706") == 2
    fmt = ScannerFormat(prefix=b"#")
    assert scanner.resync_offset(b"x#y#7038", fmt) == 3


def test_commands_follow_the_dialect_and_overrides():
    assert scanner.command_bytes("beep_good") == b"\x1b7,"
    assert scanner.command_bytes("trigger") == b"\x16T\r"
    datalogic = ScannerFormat(dialect="datalogic")
    assert scanner.command_bytes("disable", datalogic) == b"D"
    custom = ScannerFormat(command_overrides={"beep_good": b"\x07"})
    assert scanner.command_bytes("beep_good", custom) == b"\x07"
    with pytest.raises(KeyError, match="known"):
        scanner.command_bytes("dance")


barcode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn", "Zs"))
    | st.sampled_from([" ", "\x1d"]),
    min_size=1,
    max_size=80,
)
generic_aims = st.sampled_from([None, "]C0", "]Q1", "]Q3", "]d2", "]A0", "]X9"])


@given(data=barcode_text, aim=generic_aims, suffix=st.sampled_from(["cr", "lf", "crlf", "none"]))
def test_round_trip_any_printable_data(data, aim, suffix):
    fmt = ScannerFormat(suffix=suffix, aim="auto" if aim else "off")
    event = decode_frame(encode_scan(data, aim, fmt), fmt=fmt)
    assert isinstance(event, Scan), event
    assert event.data == data
    assert event.aim == aim


@given(digits=st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_round_trip_ean13(digits):
    event = decode_frame(encode_scan(digits, "]E0"))
    assert isinstance(event, Scan)
    assert (event.data, event.symbology) == (digits, "ean13")


@given(raw=st.binary(max_size=200))
def test_decoder_never_raises_on_any_bytes(raw):
    for fmt in (scanner.DEFAULT_FORMAT, ScannerFormat(prefix=b"\x02", aim="required")):
        assert isinstance(decode_frame(raw, fmt=fmt), Scan | DecodeError)
        assert 0 <= scanner.resync_offset(raw, fmt) <= len(raw)


def test_upc_a_as_twelve_digits_under_e0_is_accepted():
    event = decode_frame(b"]E0036000291452")
    assert isinstance(event, Scan) and event.symbology == "ean13"
    assert isinstance(decode_frame(b"]E003600029145"), DecodeError)


def test_every_symbology_name_is_one_the_sale_domain_knows():
    import pos.domain.barcodes as domain
    from pos.domain.barcodes import SYMBOLOGIES

    assert set(AIM_SYMBOLOGIES.values()) <= SYMBOLOGIES
    assert not hasattr(domain, "AIM_SYMBOLOGIES")  # one table: the devices' own


def test_printable_noise_before_an_aim_id_is_cut_off_only_when_aim_is_required():
    required = ScannerFormat(aim="required")
    assert scanner.resync_offset(b"xyz]E07038010000706", required) == 3
    assert scanner.resync_offset(b"]Q1a]E0b", required) == 0  # a `]` inside the data stays
    assert scanner.resync_offset(b"xyz]E07038010000706") == 0  # auto: a frame may lack an id
