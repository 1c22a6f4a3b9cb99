"""The phone simulator's offline parts: SMS code parsing, state files, drawn codes, money."""

from __future__ import annotations

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from devices.phone.app import _code_in
from devices.phone.errors import PhoneError
from devices.phone.render import code128_modules, qr_text
from devices.phone.state import PhoneStore
from devices.phone.texts import kroner

LIT = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}


@given(st.from_regex(r"^[0-9]{6}$", fullmatch=True), st.text(alphabet="abc .,:", max_size=20))
def test_the_code_is_found_in_any_sms_wording(code, words):
    assert _code_in(f"{words} {code}. Den gjelder i 5 minutter.") == code


@given(st.text(max_size=80))
def test_code_parser_never_crashes(text):
    found = _code_in(text)
    assert found is None or (found.isdigit() and 4 <= len(found) <= 8)


def test_state_files_round_trip_and_reject_odd_names(tmp_path):
    store = PhoneStore(tmp_path)
    state = store.load("kari")
    assert state.device_id.startswith("phone-kari-") and state.session_token is None
    state.session_token = "t"
    store.save(state)
    assert store.load("kari").session_token == "t" and store.names() == ["kari"]
    assert store.load("kari").device_id == state.device_id  # stable per phone
    for bad in ("", "../x", "a b", "x" * 41):
        with pytest.raises(PhoneError):
            store.load(bad)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(PhoneError, match="damaged"):
        store.load("broken")


@pytest.mark.parametrize("invert", [False, True])
def test_drawn_qr_decodes(invert):
    payload = "hQVDUFYwMWE2TwegAAAJmRABUAZDT09QQVnBEAAAAAAAAAAAAAAAAAAAAACfJhAAAAAAAAAAAAAAAAAAAAAA"
    rows = []
    for line in qr_text(payload, invert=invert).splitlines():
        rows += [[LIT[c][0] for c in line], [LIT[c][1] for c in line]]
    scale = 5
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale))
    lit, unlit = (0, 255) if invert else (255, 0)
    image.putdata(
        [
            lit if rows[y // scale][x // scale] else unlit
            for y in range(len(rows) * scale)
            for x in range(len(rows[0]) * scale)
        ]
    )
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [payload]


def test_code128_modules_have_quiet_zones():
    modules = code128_modules("9578010000000010")
    assert modules.startswith("0" * 10) and modules.endswith("0" * 10) and "1" in modules


def test_kroner():
    assert kroner(123450, "nb") == "kr 1 234,50"
    assert kroner(-5, "en") == "NOK -0.05"
