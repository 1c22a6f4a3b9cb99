"""The cash drawer's bytes: the kick (ESC p) and the sensor in the DLE EOT 1 answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from devices.escpos_decoder import EscPosDecoder
from devices.printer import DRAWER_KICK, DRAWER_QUERY, STATUS_ONLINE, EscPos, drawer_open


@given(st.integers(0, 255))
def test_only_status_shaped_bytes_say_anything_about_the_drawer(byte):
    said = drawer_open(byte)
    if byte & 0b1001_0011 == 0b0001_0010:
        assert said is bool(byte & 0x04)
    else:
        assert said is None


def test_online_answers_with_and_without_the_sensor():
    assert drawer_open(STATUS_ONLINE) is False
    assert drawer_open(STATUS_ONLINE | 0x04) is True


def test_the_decoder_counts_kicks_and_keeps_each_status_query_and_prints_nothing():
    decoder = EscPosDecoder()
    job = EscPos().line("kvittering").kick_drawer().cut().to_bytes()
    receipts = decoder.feed(job + DRAWER_QUERY + bytes([0x10, 0x04, 2]))
    assert receipts == ["kvittering\n"]
    assert decoder.drawer_kicks == 1 and decoder.status_queries == [1, 2]
    assert DRAWER_KICK in job


@given(st.binary(max_size=200))
def test_any_stream_counts_kicks_and_queries_without_raising(data):
    decoder = EscPosDecoder()
    decoder.feed(data)
    assert decoder.drawer_kicks >= 0 and all(0 <= n <= 255 for n in decoder.status_queries)
