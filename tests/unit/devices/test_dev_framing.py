"""Framers split byte streams into frames, resynchronise after garbage and never grow unbounded."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from devices.framing import FixedLengthFramer, Frame, Garbage, IdleFramer, LineFramer, StxEtxFramer


def frames(pieces):
    return [p.raw for p in pieces if isinstance(p, Frame)]


def garbage(pieces):
    return [p for p in pieces if isinstance(p, Garbage)]


def feed_all(framer, chunks, start=0.0, step=0.001):
    out = []
    for i, chunk in enumerate(chunks):
        out += framer.feed(chunk, start + i * step)
    return out


def test_line_framer_splits_on_cr_lf_and_crlf_and_skips_empty_lines():
    framer = LineFramer()
    out = framer.feed(b"abc\rdef\r\nghi\n\r\n\r", 0.0)
    assert frames(out) == [b"abc", b"def", b"ghi"]
    assert garbage(out) == []


def test_line_framer_joins_a_frame_split_across_reads():
    framer = LineFramer()
    out = feed_all(framer, [b"703801", b"0000", b"706", b"\r"])
    assert frames(out) == [b"7038010000706"]


def test_line_framer_drops_an_overlong_line_up_to_its_end_and_recovers():
    framer = LineFramer(max_len=8)
    out = feed_all(framer, [b"0123456789", b"abcdef", b"\rok\r"])
    assert frames(out) == [b"ok"]
    assert len(garbage(out)) == 1
    assert "longer than 8" in garbage(out)[0].reason


def test_line_framer_drops_a_partial_line_after_silence():
    framer = LineFramer(gap=0.2)
    out = framer.feed(b"noise", 0.0)
    assert out == []
    assert framer.deadline == 0.2
    out = framer.poll(0.1)
    assert out == []
    out = framer.poll(0.25)
    assert [g.raw for g in garbage(out)] == [b"noise"]
    assert frames(framer.feed(b"ok\r", 0.3)) == [b"ok"]


def test_line_framer_flushes_stale_partial_before_new_bytes_arrive():
    framer = LineFramer(gap=0.2)
    framer.feed(b"noise", 0.0)
    out = framer.feed(b"scan\r", 1.0)
    assert [g.raw for g in garbage(out)] == [b"noise"]
    assert frames(out) == [b"scan"]


def test_line_framer_overlong_skip_ends_with_silence_too():
    framer = LineFramer(max_len=4, gap=0.2)
    framer.feed(b"0123456789", 0.0)
    framer.poll(1.0)
    assert frames(framer.feed(b"ok\r", 1.1)) == [b"ok"]


def test_line_framer_uses_the_codec_resync_to_cut_noise_off_a_frame():
    framer = LineFramer(resync=lambda line: line.find(b"]"))
    out = framer.feed(b"\x01\x02xx]E0123\r", 0.0)
    assert frames(out) == [b"]E0123"]
    assert [g.raw for g in garbage(out)] == [b"\x01\x02xx"]


def test_idle_framer_ends_frames_with_silence():
    framer = IdleFramer(gap=0.05)
    assert framer.feed(b"7038", 0.0) == []
    assert framer.feed(b"010000706", 0.01) == []
    assert frames(framer.poll(0.07)) == [b"7038010000706"]
    assert framer.deadline is None


def test_idle_framer_reports_an_overlong_burst_once():
    framer = IdleFramer(max_len=4, gap=0.05)
    framer.feed(b"0123456789", 0.0)
    framer.feed(b"more", 0.01)
    out = framer.poll(1.0)
    assert frames(out) == [] and len(garbage(out)) == 1


def test_stx_etx_framer_keeps_delimiters_and_trailer():
    framer = StxEtxFramer(trailer=1)
    out = framer.feed(b"\x02PUR|id=1\x03\x7f", 0.0)
    assert frames(out) == [b"\x02PUR|id=1\x03\x7f"]


def test_stx_etx_framer_trailer_may_be_any_byte_even_stx():
    framer = StxEtxFramer(trailer=1)
    out = framer.feed(b"\x02ab\x03\x02\x02cd\x03\x03", 0.0)
    assert frames(out) == [b"\x02ab\x03\x02", b"\x02cd\x03\x03"]


def test_stx_etx_framer_reports_bytes_outside_frames_and_restarts_on_stx():
    framer = StxEtxFramer()
    out = framer.feed(b"junk\x02cut-off\x02good\x03", 0.0)
    assert frames(out) == [b"\x02good\x03"]
    reasons = [g.reason for g in garbage(out)]
    assert reasons == ["bytes outside a frame", "frame cut off by a new STX"]


def test_stx_etx_framer_passes_single_control_bytes_through():
    framer = StxEtxFramer(trailer=1, passthrough=b"\x06\x15")
    out = framer.feed(b"\x06\x02ok\x03\x00\x15", 0.0)
    assert frames(out) == [b"\x06", b"\x02ok\x03\x00", b"\x15"]


def test_stx_etx_framer_caps_frame_length():
    framer = StxEtxFramer(max_len=6)
    out = framer.feed(b"\x02" + b"x" * 20 + b"\x03\x02ok\x03", 0.0)
    assert frames(out) == [b"\x02ok\x03"]
    assert any("longer than 6" in g.reason for g in garbage(out))


def test_stx_etx_framer_drops_incomplete_frame_after_silence():
    framer = StxEtxFramer(gap=0.1)
    framer.feed(b"\x02half", 0.0)
    out = framer.poll(0.2)
    assert [g.raw for g in garbage(out)] == [b"\x02half"]


def test_fixed_length_framer():
    framer = FixedLengthFramer(4, gap=0.1)
    assert frames(framer.feed(b"abcdefg", 0.0)) == [b"abcd"]
    assert [g.raw for g in garbage(framer.poll(0.5))] == [b"efg"]
    assert frames(framer.feed(b"wxyz", 0.6)) == [b"wxyz"]


body = st.binary(min_size=1, max_size=40).map(
    lambda b: b.replace(b"\x02", b"").replace(b"\x03", b"")
)


@given(
    bodies=st.lists(body.filter(bool), min_size=1, max_size=10),
    junk=st.lists(st.binary(max_size=20).map(lambda b: b.replace(b"\x02", b"")), max_size=10),
    cuts=st.lists(st.integers(min_value=0, max_value=2000), max_size=20),
)
def test_stx_etx_recovers_every_frame_whatever_garbage_lies_between(bodies, junk, cuts):
    stream = b""
    expected = []
    for i, b in enumerate(bodies):
        stream += junk[i] if i < len(junk) else b""
        frame = b"\x02" + b + b"\x03"
        stream += frame
        expected.append(frame)
    points = sorted({c % (len(stream) + 1) for c in cuts} | {0, len(stream)})
    chunks = [stream[a:b] for a, b in itertools.pairwise(points)]
    framer = StxEtxFramer(max_len=64)
    assert frames(feed_all(framer, chunks)) == expected


@given(data=st.binary(max_size=400), cuts=st.lists(st.integers(0, 400), max_size=10))
def test_every_framer_survives_any_bytes_and_stays_bounded(data, cuts):
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    chunks = [data[a:b] for a, b in itertools.pairwise(points)]
    for framer in (
        LineFramer(max_len=32),
        IdleFramer(max_len=32),
        StxEtxFramer(max_len=32, trailer=1, passthrough=b"\x06"),
        FixedLengthFramer(7),
    ):
        out = feed_all(framer, chunks) + framer.poll(1e9)
        assert all(len(p.raw) <= 32 for p in out)
        assert len(framer._buf) <= 33


def test_a_writer_stalled_mid_frame_loses_nothing_when_the_codec_can_resync():
    """Issue 14.7: under load the `]` of `]E0…` came, then a pause longer than the gap;
    the pause cut it off and `E07038…` was read as data. A line framer with a resync
    keeps the partial line until its suffix comes, however long the pause."""
    framer = LineFramer(resync=lambda line: max(line.find(b"]"), 0), gap=0.2)
    assert framer.feed(b"]", 0.0) == []
    assert framer.deadline is None  # nothing to flush: the line waits for its suffix
    assert framer.poll(5.0) == []
    assert frames(framer.feed(b"E07038010002014\r", 5.1)) == [b"]E07038010002014"]


def test_noise_before_a_stalled_frame_is_still_cut_off_at_the_suffix():
    framer = LineFramer(resync=lambda line: max(line.find(b"]"), 0), gap=0.2)
    framer.feed(b"\x01noise", 0.0)
    framer.poll(1.0)
    out = framer.feed(b"]E07038010000706\r", 1.5)
    assert frames(out) == [b"]E07038010000706"] and garbage(out)[0].raw == b"\x01noise"
