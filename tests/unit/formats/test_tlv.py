"""tlv.py: BER-TLV round trips, and garbage gives TlvError, never anything else."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.formats import tlv

PRIMITIVE_TAGS = st.sampled_from([b"\x4f", b"\x50", b"\x85", b"\xc1", b"\x9f\x26", b"\x5f\x20"])


@given(PRIMITIVE_TAGS, st.binary(max_size=400))
def test_primitive_round_trip(tag, value):
    decoded = tlv.decode(tlv.encode(tag, value))
    assert decoded == (tlv.Tlv(tag, value),)


@given(st.lists(st.tuples(PRIMITIVE_TAGS, st.binary(max_size=60)), max_size=6))
def test_constructed_round_trip(children):
    encoded = tlv.encode_constructed(b"\x61", *(tlv.encode(t, v) for t, v in children))
    (template,) = tlv.decode(encoded)
    assert template.constructed
    assert [(c.tag, c.value) for c in template.children] == children


@pytest.mark.parametrize(("n", "encoded"), [(5, b"\x05"), (127, b"\x7f"), (128, b"\x81\x80"),
                                            (300, b"\x82\x01\x2c")])
def test_length_forms(n, encoded):
    assert tlv.encode_length(n) == encoded


def test_too_long_and_negative_lengths_are_refused():
    with pytest.raises(tlv.TlvError):
        tlv.encode_length(70000)
    with pytest.raises(tlv.TlvError):
        tlv.encode_length(-1)


def test_primitive_tag_cannot_wrap_children():
    with pytest.raises(tlv.TlvError):
        tlv.encode_constructed(b"\x4f", b"")


@pytest.mark.parametrize("data", [b"\x4f", b"\x4f\x05ab", b"\x9f", b"\x4f\x83\x00\x00\x01",
                                  b"\x4f\x81", b"\x1f\xff\xff\xff\xff\x01\x00"])
def test_truncated_or_odd_input_is_a_tlv_error(data):
    with pytest.raises(tlv.TlvError):
        tlv.decode(data)


def test_nesting_is_limited():
    data = b"\x01\x00"
    for _ in range(tlv.MAX_DEPTH + 2):
        data = tlv.encode(b"\x61", data)
    with pytest.raises(tlv.TlvError, match="deep"):
        tlv.decode(data)


@given(st.binary(max_size=200))
def test_arbitrary_bytes_decode_or_raise_tlv_error(data):
    try:
        objects = tlv.decode(data)
    except tlv.TlvError:
        return
    # Whatever decodes is made of whole objects that account for every byte of the input.
    assert all(o.tag and len(o.value) <= len(data) for o in objects)
    assert bool(objects) == bool(data)
