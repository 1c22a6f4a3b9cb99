"""Canonical payload text, the entry hash, and the timestamp format: exact and parseable."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.clock import OSLO
from pos.journal import PayloadError
from pos.journal.canonical import HASHED_COLUMNS, canonical_json, entry_hash
from pos.journal.timestamps import format_ts, parse_ts

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), max_size=6), inner,
                      max_size=4),
    max_leaves=12,
)
payloads = st.dictionaries(st.text(max_size=8).filter(lambda s: s.isprintable()), json_values,
                           max_size=5)


@given(payloads)
def test_canonical_text_parses_back_to_the_payload_and_is_stable(payload):
    text = canonical_json(payload)
    assert json.loads(text) == payload
    assert canonical_json(json.loads(text)) == text


@given(payloads, payloads)
def test_different_payloads_have_different_texts(first, second):
    if first != second:
        assert canonical_json(first) != canonical_json(second)


def test_key_order_does_not_matter():
    assert canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}) == '{"a":[1,{"c":3,"d":2}],"b":1}'


@pytest.mark.parametrize("bad", [{"x": 1.0}, {"x": [float("nan")]}, {"x": {"y": 0.5}}])
def test_floats_anywhere_are_refused(bad):
    with pytest.raises(PayloadError, match="integer øre"):
        canonical_json(bad)


def test_a_payload_must_be_a_mapping():
    with pytest.raises(PayloadError, match="mapping"):
        canonical_json([1, 2])  # type: ignore[arg-type]


row_values = st.one_of(st.none(), st.integers(), st.text(max_size=10))


@given(st.fixed_dictionaries({name: row_values for name in HASHED_COLUMNS}),
       st.sampled_from(HASHED_COLUMNS), row_values)
def test_the_hash_changes_when_any_column_changes(row, column, other):
    if other == row[column] and type(other) is type(row[column]):
        return
    changed = {**row, column: other}
    assert entry_hash(changed) != entry_hash(row)


def test_the_hash_tells_integer_text_blob_and_real_apart():
    base = dict.fromkeys(HASHED_COLUMNS)
    variants = [1000, "1000", b"1000", 1000.0]
    hashes = {entry_hash({**base, "amount_in": v}) for v in variants}
    assert len(hashes) == len(variants)


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
                    timezones=st.just(UTC)))
def test_timestamps_round_trip_as_the_same_instant_in_oslo(moment):
    text = format_ts(moment)
    back = parse_ts(text)
    # compared in UTC: PEP 495 makes a time in the autumn DST fold unequal to any other zone's
    assert back.astimezone(UTC) == moment
    assert back.tzinfo is OSLO or str(back.tzinfo) == "Europe/Oslo"
    assert len(text) == len("2024-05-02T12:00:01.000000+02:00")


def test_both_sides_of_the_autumn_dst_change_stay_distinct():
    first = datetime(2024, 10, 27, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = first + timedelta(hours=1)  # 02:30 CET
    assert format_ts(first) == "2024-10-27T02:30:00.000000+02:00"
    assert format_ts(second) == "2024-10-27T02:30:00.000000+01:00"
    later = parse_ts(format_ts(second)).astimezone(UTC)
    assert later - parse_ts(format_ts(first)).astimezone(UTC) == timedelta(hours=1)
