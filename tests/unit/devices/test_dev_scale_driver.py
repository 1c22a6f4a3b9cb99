"""The till side of the scale dialogue: one final reading per request, whatever the scale does.

A recording link stands in for the port; deadlines are driven by calling `tick`
with a time past them, so nothing here waits.
"""

import time

import pytest
from recording_link import RecordingLink

from devices import scale
from devices.config import DeviceSpec
from devices.drivers.scale import Scale, ScaleDriver
from devices.errors import ConfigError, DeviceBusy, DeviceNotConnected
from devices.events import DecodeError
from devices.framing import Frame, Garbage
from devices.scale import ScaleReading, StatusAnswer, WeighResult

EOT_ENQ, STATUS_REQ, EOT = b"\x04\x05", b"\x04\x0208\x03", b"\x04"


def make(**options):
    driver = ScaleDriver(DeviceSpec("scale", "scale", "loop://", options=options))
    line = RecordingLink("scale")
    return driver, line, Scale(driver, line)


def answer(driver, line, message):
    driver.handle(Frame(scale.encode_answer(message)), line)


def readings(line):
    return [e for e in line.events if isinstance(e, ScaleReading)]


def later(seconds):
    return time.monotonic() + seconds


def test_a_stable_weight_ends_the_request_with_the_scales_price():
    driver, line, the_scale = make()
    assert the_scale.weigh(3490, tare_g=12, request_id="w1") == "w1" and the_scale.busy
    assert line.written == [scale.encode_request(scale.SetPrice(3490, 12))]
    answer(driver, line, scale.Ack())
    assert line.written[-1] == EOT_ENQ
    answer(driver, line, WeighResult(742, 3490, 2590))
    assert line.written[-1] == EOT  # every answer of the scale is closed
    [reading] = readings(line)
    assert (reading.status, reading.weight_g, reading.price_ore, reading.request_id,
            reading.final) == ("stable", 742, 2590, "w1", True)
    assert not the_scale.busy


def test_in_motion_is_told_once_then_asked_again_until_stable():
    driver, line, the_scale = make(poll_interval=0.05)
    the_scale.weigh(2990, request_id="w2")
    answer(driver, line, scale.Ack())
    for _ in range(3):
        answer(driver, line, scale.Nak())
        assert line.written[-1] == STATUS_REQ
        answer(driver, line, StatusAnswer("20"))
        driver.tick(later(0.1), line)
        assert line.written[-1] == EOT_ENQ
    answer(driver, line, WeighResult(500, 2990, 1495))
    assert [(r.status, r.final) for r in readings(line)] == [("unstable", False),
                                                              ("stable", True)]


@pytest.mark.parametrize("code, status", [
    ("30", "below_minimum"), ("31", "under_zero"), ("32", "overload"), ("21", "not_moved"),
    ("11", "refused"),
])
def test_a_refusal_ends_the_request_with_its_reason(code, status):
    driver, line, the_scale = make()
    the_scale.weigh(2990, request_id="w3")
    answer(driver, line, scale.Ack())
    answer(driver, line, scale.Nak())
    answer(driver, line, StatusAnswer(code))
    [reading] = readings(line)
    assert reading.status == status and reading.final and reading.weight_g is None
    assert reading.detail == scale.STATUS_TEXTS[code]


def test_a_silent_scale_ends_as_no_answer_and_the_next_weighing_may_start():
    driver, line, the_scale = make(response_timeout=0.5)
    the_scale.weigh(2990, request_id="w4")
    driver.tick(later(0.1), line)
    assert readings(line) == []
    driver.tick(later(1.0), line)
    assert [r.status for r in readings(line)] == ["no_answer"]
    the_scale.weigh(2990, request_id="w5")  # not busy any more


def test_a_scale_that_never_settles_ends_as_unstable():
    driver, line, the_scale = make(stable_timeout=2, poll_interval=0.05)
    the_scale.weigh(2990, request_id="w6")
    answer(driver, line, scale.Ack())
    answer(driver, line, scale.Nak())
    answer(driver, line, StatusAnswer("22"))
    driver.tick(later(3), line)
    assert [(r.status, r.final) for r in readings(line)] == [("unstable", False),
                                                              ("unstable", True)]
    assert "no stable weight" in readings(line)[-1].detail


def test_one_weighing_at_a_time_and_none_while_unplugged():
    _, line, the_scale = make()
    the_scale.weigh(2990)
    with pytest.raises(DeviceBusy):
        the_scale.weigh(2990)
    assert the_scale.cancel() and readings(line)[-1].status == "cancelled"
    line.connected = False
    with pytest.raises(DeviceNotConnected):
        the_scale.weigh(2990)
    assert not the_scale.busy


def test_a_reconnect_mid_weighing_starts_the_dialogue_again():
    driver, line, the_scale = make()
    the_scale.weigh(2990, tare_g=5)
    answer(driver, line, scale.Ack())
    driver.on_connected(line)
    assert line.written[-1] == scale.encode_request(scale.SetPrice(2990, 5))


def test_garbage_and_unasked_answers_are_decode_errors_never_readings():
    driver, line, _ = make()
    driver.handle(Garbage(b"\xff\xfe", "bytes outside a frame"), line)
    answer(driver, line, WeighResult(742, 3490, 2590))
    driver.handle(Frame(b"\x0202\x1b3\x1bxx\x03"), line)
    assert len([e for e in line.events if isinstance(e, DecodeError)]) == 3
    assert readings(line) == []


def test_a_watched_scale_polls_at_price_zero_and_tells_only_changes():
    driver, line, the_scale = make(mode="watch", poll_interval=0.05)
    with pytest.raises(DeviceBusy):
        the_scale.weigh(100)
    for weight in (0, 0, 1234):
        driver.tick(later(0.1), line)
        assert line.written[-1] == scale.encode_request(scale.SetPrice(0))
        answer(driver, line, scale.Ack())
        answer(driver, line, WeighResult(weight, 0, 0))
    assert [(r.weight_g, r.request_id) for r in readings(line)] == [(0, None), (1234, None)]


def test_unknown_options_are_refused():
    with pytest.raises(ConfigError):
        make(mode="sometimes")
    with pytest.raises(ConfigError):
        make(stable_timeout=0)
