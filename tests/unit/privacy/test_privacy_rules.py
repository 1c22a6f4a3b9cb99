"""Privacy rules without a database: calendar months, analysis summaries, export shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from backend_stub.core.calendar_months import months_before
from backend_stub.core.tables import Base
from backend_stub.privacy import access_export, analysis, audit

moments = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2027, 6, 3, tzinfo=UTC), 27, datetime(2025, 3, 3, tzinfo=UTC)),
        (datetime(2025, 8, 31, tzinfo=UTC), 6, datetime(2025, 2, 28, tzinfo=UTC)),
        (datetime(2024, 8, 31, tzinfo=UTC), 6, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2025, 1, 15, tzinfo=UTC), -6, datetime(2025, 7, 15, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


@given(moments, st.integers(min_value=0, max_value=120))
def test_months_before_is_never_later_and_keeps_the_time_of_day(moment, months):
    earlier = months_before(moment, months)
    assert earlier <= moment
    assert earlier.time() == moment.time() and earlier.tzinfo == moment.tzinfo
    # whole months back: at most 31 days per month, at least 28
    assert timedelta(days=28 * months) <= moment - earlier <= timedelta(days=31 * months)


group_names = st.text(
    alphabet=st.characters(blacklist_characters=";=", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=20,
)


@given(st.dictionaries(group_names, st.integers(min_value=-(10**9), max_value=10**9), max_size=8))
def test_product_group_summaries_read_back_what_was_written(groups):
    text = ";".join(f"{g}={a}" for g, a in sorted(groups.items()))
    assert analysis._parse_groups(text) == groups


@pytest.mark.parametrize(
    ("spent", "count", "segment"),
    [(300_000, 1, "storhandler"), (299_999, 4, "jevnlig"), (10_000, 3, "innimellom")],
)
def test_segments(spent, count, segment):
    assert analysis.segment_of(spent, count) == segment


def test_every_table_is_reachable_by_the_access_export():
    assert access_export.unmapped_tables() == []
    assert set(Base.metadata.tables) >= access_export.NOT_ABOUT_MEMBERS


def test_a_new_table_without_a_way_to_the_member_is_reported():
    copy = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(copy)
    Table("loyalty_notes", copy, Column("id", Integer, primary_key=True), Column("note", String))
    Table(
        "card_scans",
        copy,
        Column("id", Integer, primary_key=True),
        Column("card_id", ForeignKey("cards.id")),
    )
    assert access_export.unmapped_tables(copy) == ["loyalty_notes"]


def test_export_values_hide_secrets_and_mask_the_national_id():
    assert access_export._plain("token_hash", "abc") == "[hashed]"
    assert access_export._plain("national_id", "17058048186") == "170580*****"
    assert (
        access_export._plain("at", datetime(2025, 1, 2, tzinfo=UTC)) == "2025-01-02T00:00:00+00:00"
    )


def test_audit_actors_are_a_closed_set():
    with pytest.raises(ValueError):
        audit.Actor("anyone", "x")
    assert audit.terminal_actor(4) == audit.Actor("terminal", "terminal-4")


def test_lookup_reads_are_buffered_until_due():
    buffer = audit.ReadBuffer(max_age=3600, max_rows=3)
    now = datetime(2025, 3, 3, tzinfo=UTC)
    actor = audit.terminal_actor(1)
    assert not buffer.add(now, actor, "member_lookup", "m1")
    assert not buffer.add(now, actor, "member_lookup", "m2")
    assert buffer.add(now, actor, "member_lookup", "m3")  # the third is due
    rows = buffer.take()
    assert [r["subject_ref"] for r in rows] == ["m1", "m2", "m3"]
    assert all(r["action"] == "read" and r["actor"] == "terminal-1" for r in rows)
    assert buffer.take() == []
    aged = audit.ReadBuffer(max_age=0.0, max_rows=100)
    assert aged.add(now, actor, "member_lookup", "m1")  # old enough at once
