"""Every device of the rig over real ptys: what the tester sends is what the till receives."""

import base64

import pytest

from devices.errors import DeviceNotConnected, RigError, UnknownCommand
from devices.events import CardRead, DecodeError, Scan
from devices.printer import EscPos
from tests.fixtures.waiting import wait_until


def scan_of(device):
    return lambda e: isinstance(e, Scan) and e.device == device


def test_scans_arrive_with_and_without_aim_on_both_scanners(rig, hub, events):
    rig.scan("7038010000706", aim="]E0")
    rig.scan("7038010000706")
    rig.scan("70380107", aim="]E4", device="handheld")
    first = events.wait_for(scan_of("scanner"))
    second = events.wait_for(scan_of("scanner"))
    third = events.wait_for(scan_of("handheld"))
    assert (first.data, first.symbology, first.aim) == ("7038010000706", "ean13", "]E0")
    assert (second.data, second.symbology) == ("7038010000706", None)
    assert (third.data, third.symbology) == ("70380107", "ean8")


def test_a_coopay_sized_qr_payload_comes_through_whole(rig, hub, events):
    payload = base64.b64encode(bytes(range(60))).decode()
    rig.scan(payload, aim="]Q1", device="handheld")
    event = events.wait_for(scan_of("handheld"))
    assert (event.data, event.symbology) == (payload, "qr")


@pytest.mark.parametrize(
    ("as_", "value", "field", "expected"),
    [
        ("msr", "9578010000047115", "card_number", "9578010000047115"),
        ("rfid", "0a1b2c3d4e", "uid", "0A1B2C3D4E"),
        ("nfc", "04:a2:b3:c4:d5:e6:f7", "uid", "04A2B3C4D5E6F7"),
    ],
)
def test_member_cards_on_every_reader(rig, hub, events, as_, value, field, expected):
    rig.card(value, as_=as_)
    event = events.wait_for(lambda e: isinstance(e, CardRead), what="a card read")
    assert (event.device, event.source, getattr(event, field)) == (as_, as_, expected)


@pytest.mark.parametrize(("as_", "value"), [("msr", "9578010000047115"), ("rfid", "0A1B2C3D4E")])
def test_a_bad_checksum_is_a_decode_error_and_never_a_card(rig, hub, events, as_, value):
    rig.card(value, as_=as_, corrupt=True)
    rig.card(value, as_=as_)  # the good read after it proves the bad one was fully seen
    events.wait_for(lambda e: isinstance(e, CardRead), what="the good read")
    errors = [e for e in events.of_type(DecodeError) if e.device == as_]
    assert len(errors) == 1
    assert "checksum" in errors[0].reason or "LRC" in errors[0].reason
    assert len(events.of_type(CardRead)) == 1


def test_the_till_commands_the_scanner(rig, hub, events):
    hub.send("scanner", "beep_good")
    hub.send("scanner", "beep_bad")
    hub.send("scanner", "beep_bad")
    wait_until(
        lambda: rig.status()["devices"]["scanner"]["beeps"] == {"good": 1, "bad": 2},
        what="three beeps",
    )
    hub.send("scanner", "disable")
    wait_until(lambda: not rig.status()["devices"]["scanner"]["enabled"], what="disable")
    with pytest.raises(RigError, match="disabled by the till"):
        rig.scan("7038010000706")
    hub.send("scanner", "enable")
    wait_until(lambda: rig.status()["devices"]["scanner"]["enabled"], what="enable")
    rig.scan("7038010000706")
    events.wait_for(scan_of("scanner"))
    with pytest.raises(UnknownCommand):
        hub.send("scanner", "self_destruct")
    with pytest.raises(UnknownCommand):
        hub.send("msr", "beep_good")


def test_receipts_are_captured_as_text(rig, hub, events):
    hub.print_receipt("Coop Prix Grünerløkka\nMelk 1 l   kr 23,90\nTotalt     kr 23,90")
    job = (
        EscPos().align("center").line("KOPI").align("left").barcode("7038010000706", "ean13").cut()
    )
    hub.print_bytes(job.to_bytes())
    wait_until(lambda: rig.status()["devices"]["printer"]["printed"] == 2, what="two receipts")
    first = (rig.state_dir / "printer" / "receipt-0001.txt").read_text(encoding="utf-8")
    assert first == "Coop Prix Grünerløkka\nMelk 1 l   kr 23,90\nTotalt     kr 23,90\n"
    last = rig.last_receipt()
    assert last["path"].endswith("receipt-0002.txt")
    assert "KOPI" in last["text"] and "[strekkode EAN13 7038010000706]" in last["text"]


def test_rig_refuses_what_it_cannot_do(rig, hub):
    with pytest.raises(RigError, match="no device"):
        rig.scan("1", device="toaster")
    with pytest.raises(RigError, match="not a scanner"):
        rig.scan("1", device="msr")
    with pytest.raises(RigError, match="10 hex digits"):
        rig.card("123", as_="rfid")
    with pytest.raises(RigError, match="pay takes"):
        rig.pay("maybe")


def test_commands_to_an_unplugged_device_fail_clearly(rig, hub, events):
    rig.unplug("scanner")
    events.state("scanner", "disconnected")
    with pytest.raises(DeviceNotConnected, match="scanner is"):
        hub.send("scanner", "beep_good")
    with pytest.raises(RigError, match="unplugged"):
        rig.scan("7038010000706")


def test_a_burst_of_2000_scans_at_115200_baud_loses_none(rig, hub, events):
    codes = [f"70380100{i:05d}" for i in range(2000)]
    for start in range(0, 2000, 500):  # queue them all back to back on the wire
        for code in codes[start : start + 500]:
            em = rig.emulator("scanner")
            em.call(em.scan, code)
    events.wait_for(lambda e: isinstance(e, Scan) and e.data == codes[-1], timeout=30)
    received = [e.data for e in events.of_type(Scan, "scanner")]
    assert received == codes
    assert events.of_type(DecodeError) == []



def test_a_picture_of_the_last_receipt_shows_what_was_printed(rig, hub, events, tmp_path):
    """The rig keeps each receipt's ESC/POS bytes beside its text; `printer render` draws
    them 576 dots wide, and the receipt's Code 128 scans back from the picture."""
    import subprocess
    import sys

    import zxingcpp
    from PIL import Image

    hub.print_receipt("\x0eSALGSKVITTERING\nMelk 1 l   kr 23,90", barcode="R3-0000007")
    hub.print_receipt("Neste kunde\nBrød   kr 42,90")
    wait_until(lambda: rig.status()["devices"]["printer"]["printed"] == 2, what="two receipts")
    first = rig.state_dir / "printer" / "receipt-0001.escpos"
    assert rig.last_receipt()["escpos"].endswith("receipt-0002.escpos")
    out = tmp_path / "first.png"
    result = subprocess.run(
        [sys.executable, "-m", "devices.cli", "printer", "render", str(first), "--png", str(out)],
        capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    assert image.width == 576
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["R3-0000007"]
    second = (rig.state_dir / "printer" / "receipt-0002.escpos").read_bytes()
    assert b"Neste kunde" in second and b"SALGSKVITTERING" not in second
