"""Line noise between frames: reported as DecodeErrors, and no valid frame is lost."""

import os
import subprocess
import sys

import pytest

from devices.events import CardRead, DecodeError, PaymentResult, Scan


def test_noise_between_scans_loses_no_scan_with_or_without_aim(rig, hub, events):
    codes = [f"70380100{i:05d}" for i in range(20)]
    for i, code in enumerate(codes):
        rig.noise("scanner", 48)
        rig.scan(code, aim="]E0" if i % 2 else None)  # back to back with the noise
    events.wait_for(lambda e: isinstance(e, Scan) and e.data == codes[-1], timeout=20)
    assert [e.data for e in events.of_type(Scan)] == codes
    assert len(events.of_type(DecodeError, "scanner")) >= 20


def test_noise_on_every_card_reader_loses_no_card(rig, hub, events):
    cards = [("msr", "9578010000047115"), ("rfid", "0A1B2C3D4E"), ("nfc", "04A2B3C4D5E6F7")]
    for _ in range(5):
        for as_, value in cards:
            rig.noise(as_, 32)
            rig.card(value, as_=as_)
    for as_, _value in cards:
        for _ in range(5):
            events.wait_for(lambda e, a=as_: isinstance(e, CardRead) and e.device == a)
    reads = events.of_type(CardRead)
    assert len(reads) == 15
    assert {(r.device, r.card_number or r.uid) for r in reads} == set(cards)


def test_noise_on_the_terminal_line_does_not_spoil_a_payment(rig, hub, events):
    hub.payment.purchase(2500, "noisy")
    rig.noise("terminal", 64)
    rig.pay("approve")
    rig.noise("terminal", 64)
    result = events.wait_for(lambda e: isinstance(e, PaymentResult))
    assert (result.outcome, result.request_id) == ("approved", "noisy")


def test_a_scanner_that_stalls_mid_frame_loses_neither_the_frame_nor_its_aim(rig, hub, events):
    """Issue 14.7 over a real pty: the first byte (`]`), then the line quiet for longer than
    the framer's gap (200 ms), then the rest. The scan arrives whole, as EAN-13."""
    rig.scan("7038010002014", aim="]E0", stall_ms=600)
    rig.scan("7038010000706", aim="]E0")
    scan = events.wait_for(lambda e: isinstance(e, Scan) and e.data == "7038010000706",
                           timeout=20)
    scans = events.of_type(Scan)
    assert [(s.data, s.symbology) for s in scans] == [("7038010002014", "ean13"),
                                                      ("7038010000706", "ean13")], scans
    assert scan.aim == "]E0" and not events.of_type(DecodeError, "scanner")


@pytest.fixture
def busy_cpu():
    """Every core busy with a spinning process while the test runs (a loaded till PC)."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(os.cpu_count() or 2)]
    yield
    for spinner in spinners:
        spinner.kill()
        spinner.wait()


def test_scans_arrive_whole_and_in_order_with_every_core_busy(rig, hub, events, busy_cpu):
    codes = [f"70380100{i:05d}" for i in range(40)]
    for i, code in enumerate(codes):
        rig.scan(code, aim="]E0", stall_ms=250 if i % 10 == 0 else 0)
    events.wait_for(lambda e: isinstance(e, Scan) and e.data == codes[-1], timeout=60)
    scans = events.of_type(Scan)
    assert [s.data for s in scans] == codes
    assert all(s.symbology == "ean13" for s in scans)
    assert not events.of_type(DecodeError, "scanner")
