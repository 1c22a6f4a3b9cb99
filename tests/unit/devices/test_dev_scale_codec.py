"""The Dialog 06 scale protocol: the exact bytes, and decoders that never raise."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices import scale
from devices.cli_scale import grams
from devices.errors import ConfigError
from devices.events import DecodeError
from devices.rig.rig import rig_device_names
from devices.scale import (
    Ack,
    EndOfAnswer,
    Enquiry,
    Nak,
    RequestReader,
    SetPrice,
    StatusAnswer,
    StatusRequest,
    WeighResult,
    decode_frame,
    encode_answer,
    encode_request,
)


def test_till_requests_are_the_bytes_the_manuals_show():
    assert encode_request(SetPrice(3490)) == b"\x04\x0201\x1b003490\x1b\x03"
    assert encode_request(SetPrice(3490, 12)) == b"\x04\x0203\x1b003490\x1b0012\x03"
    assert encode_request(Enquiry()) == b"\x04\x05"
    assert encode_request(StatusRequest()) == b"\x04\x0208\x03"
    assert encode_request(EndOfAnswer()) == b"\x04"


def test_a_weighing_result_is_record_02_in_kg_with_the_scales_price():
    raw = encode_answer(WeighResult(742, 3490, scale.price_to_pay(742, 3490)))
    assert raw == b"\x0202\x1b3\x1b00742\x1b003490\x1b002590\x03"
    assert decode_frame(raw) == WeighResult(742, 3490, 2590, "3")


def test_status_answers_and_single_bytes():
    assert decode_frame(b"\x0209\x1b20\x03") == StatusAnswer("20")
    assert StatusAnswer("32").text == "scale overloaded"
    assert decode_frame(b"\x06") == Ack() and decode_frame(b"\x15") == Nak()


@pytest.mark.parametrize("raw, reason", [
    (b"\x0202\x1b3\x1b0742\x1b003490\x1b002590\x03", "5 digits"),
    (b"\x0202\x1b9\x1b00742\x1b003490\x1b002590\x03", "unit"),
    (b"\x0209\x1b2\x03", "two-digit"),
    (b"\x0207\x1b20\x03", "never sends"),
    (b"0209\x1b20", "not a Dialog 06 frame"),
])
def test_malformed_frames_say_what_is_wrong(raw, reason):
    result = decode_frame(raw, device="scale")
    assert isinstance(result, DecodeError) and reason in result.reason


def test_price_to_pay_rounds_half_up_to_the_ore():
    assert scale.price_to_pay(742, 3490) == 2590  # 2589.58
    assert scale.price_to_pay(1, 500) == 1  # 0.5 øre rounds up
    assert scale.price_to_pay(1, 499) == 0


def test_what_the_wire_cannot_carry_is_refused_before_sending():
    with pytest.raises(ValueError, match="unit price"):
        encode_request(SetPrice(1_000_000))
    with pytest.raises(ValueError, match="tare"):
        encode_request(SetPrice(100, 10_000))
    with pytest.raises(ValueError, match="weight"):
        encode_answer(WeighResult(100_000, 1, 1))


@given(st.binary(max_size=64))
def test_decode_frame_is_total(raw):
    result = decode_frame(raw)
    assert isinstance(result, Ack | Nak | WeighResult | StatusAnswer | DecodeError)


@given(st.integers(0, scale.MAX_WEIGHT_G), st.integers(0, scale.MAX_PRICE_ORE),
       st.integers(0, scale.MAX_PRICE_ORE), st.sampled_from(sorted(scale.UNITS)))
def test_weighing_results_round_trip(weight, unit_price, price, unit):
    message = WeighResult(weight, unit_price, price, unit)
    assert decode_frame(encode_answer(message)) == message


@given(st.sampled_from(sorted(scale.STATUS_TEXTS)))
def test_status_answers_round_trip(code):
    assert decode_frame(encode_answer(StatusAnswer(code))) == StatusAnswer(code)


requests = st.one_of(
    st.builds(SetPrice, st.integers(0, scale.MAX_PRICE_ORE),
              st.one_of(st.none(), st.integers(0, scale.MAX_TARE_G))),
    st.just(Enquiry()), st.just(StatusRequest()),
)


@given(st.lists(requests, min_size=1, max_size=8), st.data())
def test_the_request_reader_cuts_any_split_of_the_stream_the_same(sent, data):
    stream = b"".join(encode_request(r) for r in sent)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
    reader, got = RequestReader(), []
    for start, end in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        got += reader.feed(stream[start:end])
    assert got == sent


@given(st.binary(max_size=80))
def test_the_request_reader_never_raises_and_never_grows(noise):
    reader = RequestReader()
    for piece in reader.feed(noise):
        assert isinstance(piece, SetPrice | Enquiry | StatusRequest | EndOfAnswer | DecodeError)
    assert len(reader._buf) <= scale.MAX_FRAME + 1


def test_noise_before_a_request_is_reported_and_the_request_still_read():
    got = RequestReader().feed(b"\xff\x13" + encode_request(Enquiry()))
    assert isinstance(got[0], DecodeError) and got[1:] == [Enquiry()]


def test_weights_are_typed_in_kilograms_to_the_gram():
    assert grams("0.742") == 742 and grams("1,5") == 1500 and grams("-0.010") == -10
    for bad in ("0.7425", "kilo", "nan"):
        with pytest.raises(ConfigError):
            grams(bad)


def test_the_scales_join_the_rig_only_when_asked_for():
    default = rig_device_names(None)
    assert "scale" not in default and "bagging" not in default
    assert rig_device_names(["+scale", "+bagging"]) == [*default, "scale", "bagging"]
    assert rig_device_names(["scale"]) == ["scale"]
