"""The customer display's bytes: what `show` sends is what the decoder's glass shows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.display import CLR, INIT, DisplayDecoder, fit, row, show

NORDIC = st.text(alphabet=st.sampled_from(list("abcæøåÆØÅ 0123456789,.-kr")), max_size=30)


@given(NORDIC, NORDIC)
def test_both_rows_arrive_whole_in_pc865(line1, line2):
    shown = DisplayDecoder().feed(INIT + show(line1, line2))
    assert shown == (fit(line1), fit(line2))


@given(st.binary(max_size=300))
def test_any_bytes_leave_two_rows_of_twenty_and_never_raise(data):
    decoder = DisplayDecoder()
    lines = decoder.feed(data)
    assert len(lines) == 2 and all(len(line) == 20 for line in lines)


@given(st.binary(max_size=80), st.integers(1, 79))
def test_bytes_split_anywhere_decode_the_same(data, cut):
    whole = DisplayDecoder().feed(data)
    split = DisplayDecoder()
    split.feed(data[:cut])
    assert split.feed(data[cut:]) == whole


def test_clear_and_cursor_moves():
    decoder = DisplayDecoder()
    decoder.feed(show("gammel tekst", "skal bort"))
    assert decoder.feed(bytes([CLR]) + b"\x1f$\x05\x02ny") == (" " * 20, "    ny" + " " * 14)


@given(st.text(max_size=40), st.text(max_size=12))
def test_a_row_is_twenty_wide_with_its_right_part_intact(left, right):
    text = row(left, right)
    assert len(text) == 20
    if len(right) < 20:
        assert text.endswith(right)
