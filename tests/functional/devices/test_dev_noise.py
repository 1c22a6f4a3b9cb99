"""Line noise between frames: reported as DecodeErrors, and no valid frame is lost."""

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
