"""The payment terminal protocol (CPT/1): framed, LRC-checked, whole øre only."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices import payment
from devices.events import DecodeError
from devices.payment import Message, ProtocolError, decode_frame, encode_message


def test_purchase_frame_layout():
    raw = encode_message(payment.purchase("sale-42", 12950))
    assert raw[0] == payment.STX and raw[-2] == payment.ETX
    assert raw[1:-2] == b"PUR|id=sale-42|amt=12950|cur=NOK"
    assert raw[-1] == payment.lrc(raw[1:-1])


def test_result_round_trip_keeps_every_field():
    message = payment.result(
        "sale-42",
        "APPROVED",
        12950,
        transaction_id="T00000001",
        masked_pan="************1111",
        code="00",
        text="Godkjent",
    )
    decoded = decode_frame(encode_message(message))
    assert decoded == message
    assert decoded.amount_ore == 12950 and decoded.get("txn") == "T00000001"


def test_norwegian_prompt_text_survives_the_wire():
    message = payment.prompt("r1", "INSERT_CARD", "Sett inn kort – trykk Avbryt for å avslutte")
    assert decode_frame(encode_message(message)) == message


def test_a_wrong_lrc_is_a_decode_error():
    raw = encode_message(payment.cancel("r1"), corrupt=True)
    event = decode_frame(raw)
    assert isinstance(event, DecodeError) and event.reason == "LRC mismatch"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"XYZ|id=1", "unknown message type"),
        (b"PUR|id=1", "PUR needs amt"),
        (b"PUR|id=1|amt=12.50", "whole øre"),
        (b"PUR|id=1|amt=0", "whole øre"),
        (b"RES|id=1|outcome=MAYBE|amt=1", "outcome must be"),
        (b"CAN|id=1|id=2", "repeats a key"),
        (b"CAN|id", "not key=value"),
        (b"CAN|id=has space", "id must be"),
        (b"CAN|id=1|x=\x01", "control character"),
    ],
)
def test_well_framed_but_invalid_messages_are_decode_errors(body, reason):
    raw = bytes([payment.STX]) + body + bytes([payment.ETX])
    raw += bytes([payment.lrc(raw[1:])])
    event = decode_frame(raw)
    assert isinstance(event, DecodeError)
    assert reason in event.reason


def test_amounts_are_integer_ore_never_floats():
    with pytest.raises(ProtocolError, match="integer øre"):
        payment.purchase("r1", 129.5)
    with pytest.raises(ProtocolError, match="integer øre"):
        payment.purchase("r1", True)
    with pytest.raises(ProtocolError, match="between 1 and"):
        payment.purchase("r1", 0)
    with pytest.raises(ProtocolError, match="between 1 and"):
        payment.refund("r1", payment.MAX_AMOUNT_ORE + 1)


def test_messages_refuse_values_that_would_break_the_frame():
    with pytest.raises(ProtocolError):
        Message("PRM", {"id": "r1", "code": "X", "text": "a|b"})
    with pytest.raises(ProtocolError):
        Message("PRM", {"id": "r1", "code": "X", "text": "a\x03b"})


ids = st.from_regex(r"[A-Za-z0-9._:\-]{1,64}", fullmatch=True)
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"), blacklist_characters="|"
    ),
    max_size=40,
).filter(str.isprintable)


@given(
    request_id=ids,
    amount=st.integers(1, payment.MAX_AMOUNT_ORE),
    outcome=st.sampled_from(payment.OUTCOMES),
    text=texts,
)
def test_round_trip_any_valid_result(request_id, amount, outcome, text):
    message = payment.result(request_id, outcome, amount, text=text, masked_pan="****1234")
    assert decode_frame(encode_message(message)) == message


@given(raw=st.binary(max_size=200))
def test_decoder_never_raises_on_any_bytes(raw):
    assert isinstance(decode_frame(raw), Message | DecodeError)


@given(raw=st.binary(max_size=100))
def test_decoder_never_raises_on_well_framed_junk(raw):
    body = raw.replace(b"\x02", b"").replace(b"\x03", b"")
    frame = bytes([payment.STX]) + body + bytes([payment.ETX])
    frame += bytes([payment.lrc(frame[1:])])
    assert isinstance(decode_frame(frame), Message | DecodeError)
