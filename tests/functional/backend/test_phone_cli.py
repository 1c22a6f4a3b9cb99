"""The member's phone (`pos-devices phone`) against a real backend, and through a real rig.

The phone CLI runs in-process (`devices.phone.cli.main`) except where the dispatch from
`pos-devices` itself is the point. Codes drawn on the terminal are turned back into
pixels and decoded with zxing-cpp, so what a tester sees is a code a scanner can read.
"""

from __future__ import annotations

import os
import queue
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest
import zxingcpp
from backend_http import terminal
from PIL import Image

from backend_stub.seeding.demo import PEOPLE
from devices.events import DeviceState, Scan
from devices.hub import DeviceHub
from devices.phone.cli import main as phone_main
from devices.rig import Rig
from pos.formats.coopay_qr import parse_payload

LIT = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}


@pytest.fixture
def phone(private_backend, tmp_path, capsys):
    """`phone(name, *args)` runs the phone CLI; returns code/stdout/stderr."""

    def run(name: str, *args: str) -> SimpleNamespace:
        code = phone_main(
            ["--name", name, "--dir", str(tmp_path), "--backend", private_backend.base_url, *args]
        )
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


def _decode_text_qr(block_text: str) -> str:
    """Half-block QR text (lit = light module) → image → zxing-cpp."""
    lines = [line for line in block_text.splitlines() if line and set(line) <= set(LIT)]
    pixels = []
    for line in lines:
        top = [LIT[c][0] for c in line]
        bottom = [LIT[c][1] for c in line]
        pixels += [top, bottom]
    scale = 6
    image = Image.new("L", (len(pixels[0]) * scale, len(pixels) * scale))
    image.putdata(
        [
            255 if pixels[y // scale][x // scale] else 0
            for y in range(len(pixels) * scale)
            for x in range(len(pixels[0]) * scale)
        ]
    )
    results = zxingcpp.read_barcodes(image)
    assert results, "the QR drawn on the terminal does not decode"
    return results[0].text


def _decode_barcode(block_text: str) -> str:
    row = block_text.splitlines()[0]
    halves = {"█": "11", "▌": "10", "▐": "01", " ": "00"}
    modules = "".join(halves[c] for c in row)
    scale = 3
    width = len(modules) * scale
    image = Image.new("L", (width, 40))
    image.putdata(
        [0 if modules[x // scale] == "1" else 255 for _ in range(40) for x in range(width)]
    )
    results = zxingcpp.read_barcodes(image)
    assert results, "the barcode drawn on the terminal does not decode"
    return results[0].text


def test_an_old_session_is_told_to_log_in_again_then_two_phones_log_in(
    phone, private_backend, tmp_path
):
    old = phone("kari-old", "login", "--legacy", "--phone", private_backend.member("kari")["phone"])
    assert "gammel innlogging" in old.stdout and "Ny innlogging kreves innen" in old.stdout
    english = phone("kari-old", "--lang", "en", "status")
    assert "New login required by" in english.stdout
    kari = phone("kari", "login", "--phone", private_backend.member("kari")["phone"])
    emma = phone("emma", "login", "--phone", private_backend.member("emma")["phone"])
    assert kari.returncode == 0, kari.stderr
    assert "Logget inn som KN (medeier) med SMS-kode." in kari.stdout
    assert "Logget inn som EN (familiemedlem)" in emma.stdout
    states = {p.stem: p for p in (tmp_path / "phones").glob("*.json")}
    assert set(states) == {"kari-old", "kari", "emma"}
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in states.values())
    assert phone("x", "phones").stdout.split() == ["emma", "kari", "kari-old"]
    assert "Ny innlogging er gjort." in phone("kari-old", "status").stdout


def test_coopay_qr_on_screen_is_scannable_and_pays(phone, private_backend):
    phone("kari", "login", "--phone", private_backend.member("kari")["phone"])
    shown = phone("kari", "coopay")
    assert shown.returncode == 0, shown.stderr
    assert "Coopay-kode, gyldig til" in shown.stdout
    payload = _decode_text_qr(shown.stdout)
    parse_payload(payload)
    with terminal(private_backend) as http:
        approved = http.post(
            "/terminal/v1/coopay/authorisations",
            headers={"Idempotency-Key": "phone-qr-1"},
            json={
                "qr_payload": payload,
                "amount_ore": 4_990,
                "purchase_id": "8f1c9a52-1111-4a4a-9b9b-000000000001",
            },
        )
    assert approved.status_code == 201, approved.text
    assert approved.json()["member"]["member_ref"] == private_backend.member("kari")["member_ref"]


def test_coopay_scan_arrives_at_the_till_as_a_qr_read(phone, private_backend, tmp_path):
    events: queue.Queue = queue.Queue()
    rig = Rig(tmp_path, devices=["scanner"], baud=115200, seed=1).start()
    hub = DeviceHub.from_ports_file(rig.ports_file, on_event=events.put)
    try:
        hub.start()
        _wait(events, lambda e: isinstance(e, DeviceState) and e.state == "connected")
        phone("ola", "login", "--phone", private_backend.member("ola")["phone"])
        scanned = phone("ola", "coopay", "--scan", "--payload-only")
        assert scanned.returncode == 0, scanned.stderr
        payload = scanned.stdout.splitlines()[0]
        read = _wait(events, lambda e: isinstance(e, Scan))
    finally:
        hub.stop()
        rig.stop()
    assert read.data == payload and read.symbology == "qr" and read.aim == "]Q1"
    assert "skannet inn på scanner" in scanned.stdout


def _wait(events: queue.Queue, predicate, timeout: float = 10.0):
    while True:
        event = events.get(timeout=timeout)
        if predicate(event):
            return event


def test_member_card_barcode_decodes_to_the_card_number(phone, private_backend):
    phone("per-ola", "login", "--phone", private_backend.member("ola")["phone"])
    shown = phone("per-ola", "card")
    assert _decode_barcode(shown.stdout) == private_backend.member("ola")["card_number"]
    assert "Medlemskort ************" in shown.stdout


def test_family_add_and_list_from_the_owners_phone(phone, private_backend):
    phone("ola", "login", "--phone", private_backend.member("ola")["phone"])
    added = phone(
        "ola",
        "family",
        "add",
        "--given-name",
        "Ask",
        "--family-name",
        "Nordmann",
        "--birth-date",
        "2003-06-01",
        "--phone",
        "41555666",
        "--no-coopay",
    )
    assert added.returncode == 0, added.stderr
    listed = phone("ola", "family", "list").stdout
    assert "Ask" in listed and "Coopay: av" in listed
    ask = phone("ask", "login", "--phone", "41555666")
    assert "familiemedlem" in ask.stdout
    refused = phone("ask", "coopay")
    assert refused.returncode == 1 and "Coopay er ikke aktivert" in refused.stderr


def test_logout_and_logout_everywhere(phone, private_backend):
    number = private_backend.member("lise")["phone"]
    phone("lise-a", "login", "--phone", number)
    phone("lise-b", "login", "--phone", number)
    assert phone("lise-a", "logout").stdout.strip() == "Logget ut."
    assert phone("lise-a", "status").returncode == 1
    phone("lise-a", "login", "--phone", number)
    assert "Logget ut på 2 enheter." in phone("lise-a", "logout", "--all").stdout
    gone = phone("lise-b", "status")
    assert gone.returncode == 1 and "Du er logget ut" in gone.stderr


def test_forced_out_and_bankid(phone, private_backend):
    forced = phone("nils", "login", "--legacy", "--phone", private_backend.member("nils")["phone"])
    assert forced.returncode == 1 and forced.stderr.startswith("Tvunget ut:")
    national_id = next(p.national_id for p in PEOPLE if p.key == "nils")
    back = phone("nils", "login", "--bankid", national_id)
    assert back.returncode == 0 and "med BankID" in back.stdout
    assert "Ny innlogging er gjort." in back.stdout


def test_backend_down_is_a_clear_message(tmp_path, capsys):
    code = phone_main(
        [
            "--name",
            "x",
            "--dir",
            str(tmp_path),
            "--backend",
            "http://127.0.0.1:9",
            "login",
            "--phone",
            "91234567",
        ]
    )
    assert code == 1 and "no answer from the backend" in capsys.readouterr().err


def test_pos_devices_dispatches_to_the_phone(private_backend, tmp_path):
    env = {**os.environ, "POS_BACKEND_URL": private_backend.base_url}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "devices.cli",
            "phone",
            "--dir",
            str(tmp_path),
            "--name",
            "jonas",
            "login",
            "--phone",
            private_backend.member("jonas")["phone"],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Logget inn som JN (familiemedlem)" in result.stdout


def test_the_rigs_global_dir_reaches_the_phone(private_backend, tmp_path):
    """`pos-devices --dir D phone …` keeps the phone's state in D, as `phone --dir D` does."""
    env = {**os.environ, "POS_BACKEND_URL": private_backend.base_url}

    def run(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "devices.cli", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    phone_number = private_backend.member("jonas")["phone"]
    login = run(
        "phone", "--dir", str(tmp_path), "--name", "jonas", "login", "--phone", phone_number
    )
    assert login.returncode == 0, login.stderr
    status = run("--dir", str(tmp_path), "phone", "--name", "jonas", "status")
    assert status.returncode == 0, status.stderr
    elsewhere = run("--dir", str(tmp_path / "other"), "phone", "--name", "jonas", "status")
    assert elsewhere.returncode != 0 or elsewhere.stdout != status.stdout


def test_the_card_and_the_coopay_qr_as_pictures_scan_back(phone, private_backend, tmp_path):
    """`card --png` and `coopay --png`: a member card at ID-1 size with initials only, and
    the one-time QR; zxing-cpp reads back the card number and a payload the backend takes."""
    import zxingcpp
    from PIL import Image

    ola = private_backend.member("ola")
    phone("pic-ola", "login", "--phone", ola["phone"])
    assert phone("pic-ola", "card", "--png", str(tmp_path / "card.png")).returncode == 0
    card = Image.open(tmp_path / "card.png")
    assert card.size == (1011, 638)  # 85.6 × 54 mm at 300 dpi
    assert [r.text for r in zxingcpp.read_barcodes(card)] == [ola["card_number"]]

    shown = phone("pic-ola", "coopay", "--png", str(tmp_path / "qr.png"), "--payload-only")
    assert shown.returncode == 0, shown.stderr
    read = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert [r.text for r in read] == [shown.stdout.splitlines()[0]]
    parse_payload(read[0].text)
