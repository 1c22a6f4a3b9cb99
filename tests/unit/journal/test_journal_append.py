"""Appending to the journal: numbering, context, durability, append-only in the database."""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta

import pytest
from journal_helpers import START, raw_rows

from pos.domain.clock import SteppingClock
from pos.journal import (
    EventType,
    Journal,
    JournalError,
    PayloadError,
    RegisterMismatch,
    SchemaError,
)
from pos.journal.canonical import GENESIS_HASH, entry_hash


def test_first_start_records_the_signing_key_then_events_follow_in_sequence(journal):
    started = journal.append(EventType.APP_STARTED, {"version": "0.1.0"})
    login = journal.login("1001")
    entries = list(journal.entries())
    assert [e.type for e in entries] == [
        EventType.SIGNING_KEY_CREATED, EventType.APP_STARTED, EventType.OPERATOR_LOGIN,
    ]
    assert [e.seq for e in entries] == [1, 2, 3]
    assert (started.seq, login.seq) == (2, 3)
    assert entries[0].payload["key_version"] == "1"


def test_each_entry_carries_who_when_where_and_mode(journal, clock):
    journal.login("1001")
    entry = journal.append(EventType.DRAWER_OPENED, {"manual": True})
    assert entry.operator_id == "1001"
    assert (entry.register_id, entry.store_id) == ("K1", "S1")
    assert entry.training is False
    assert entry.ts.tzinfo is not None and entry.ts.utcoffset() == timedelta(hours=2)  # CEST
    assert entry.payload == {"manual": True}
    journal.logout()
    after = journal.append(EventType.PRICE_LOOKUP, {"gtin": "7038010000706", "price": 2490})
    assert after.operator_id is None


def test_time_from_a_utc_clock_is_stored_as_oslo_time(journal_path):
    utc_clock = SteppingClock(datetime(2024, 1, 15, 23, 30, tzinfo=UTC))
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=utc_clock) as j:
        entry = j.append(EventType.APP_STARTED)
    assert entry.ts.isoformat().startswith("2024-01-16T00:30")
    assert raw_rows(journal_path)[1]["ts"].endswith("+01:00")


def test_a_naive_clock_is_refused(journal_path):
    with pytest.raises(JournalError, match="naive"):
        Journal.open(journal_path, register_id="K1", store_id="S1",
                     clock=lambda: datetime(2024, 5, 2, 12, 0))


def test_entries_are_hash_chained(journal, journal_path):
    for _ in range(3):
        journal.append(EventType.PRICE_LOOKUP, {"gtin": "1"})
    rows = raw_rows(journal_path)
    assert rows[0]["prev_hash"] == GENESIS_HASH
    for before, row in itertools.pairwise(rows):
        assert row["prev_hash"] == before["hash"]
    for row in rows:
        assert entry_hash(row) == row["hash"]


def test_training_flag_marks_events_until_it_is_switched_off(journal):
    journal.set_training(True)
    during = journal.append(EventType.DRAWER_OPENED)
    off = journal.set_training(False)
    after = journal.append(EventType.DRAWER_OPENED)
    assert during.training is True
    assert off.training is False and after.training is False
    with pytest.raises(JournalError, match="already off"):
        journal.set_training(False)


def test_session_state_survives_reopening(journal_path, clock):
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        j.login("1001")
        j.set_training(True)
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        assert j.operator_id == "1001"
        assert j.training is True
        assert j.append(EventType.DRAWER_OPENED).operator_id == "1001"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"price": 24.9}, "floats are not allowed"),
        ({1: "x"}, "keys must be text"),
        ({"when": datetime(2024, 1, 1)}, "cannot be stored"),
        ({"text": "\ud800"}, "not valid Unicode"),
    ],
)
def test_payloads_that_cannot_be_stored_exactly_are_refused_and_nothing_is_written(
    journal, payload, message
):
    before = journal.last_entry().seq
    with pytest.raises(PayloadError, match=message):
        journal.append(EventType.PRICE_LOOKUP, payload)
    assert journal.last_entry().seq == before


def test_unknown_event_types_are_refused_with_the_vocabulary(journal):
    with pytest.raises(JournalError, match=r"unknown journal event type 'sale\.line_add'.*known"):
        journal.append("sale.line_add", {})


@pytest.mark.parametrize(
    "event", [EventType.SALE_COMPLETED, EventType.OPERATOR_LOGIN, EventType.TRAINING_ON]
)
def test_signed_and_session_events_go_through_their_own_methods(journal, event):
    with pytest.raises(JournalError, match="use "):
        journal.append(event, {})


def test_the_database_refuses_updates_and_deletes(journal, journal_path):
    journal.append(EventType.APP_STARTED)
    conn = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE journal SET payload = '{}' WHERE seq = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM journal WHERE seq = 2")
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
            conn.execute("UPDATE meta SET value = 'K2' WHERE key = 'register_id'")
    finally:
        conn.close()
    assert len(raw_rows(journal_path)) == 2


def test_the_file_is_durable_wal_and_owner_only(journal, journal_path):
    conn = sqlite3.connect(journal_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert journal.db.query_one("PRAGMA synchronous")[0] == 2  # FULL
    assert stat.S_IMODE(os.stat(journal_path).st_mode) == 0o600


def test_a_journal_belongs_to_one_register(journal_path, clock):
    Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock).close()
    with pytest.raises(RegisterMismatch, match="register K1 in store S1, not of register K2"):
        Journal.open(journal_path, register_id="K2", store_id="S1", clock=clock)


def test_another_sqlite_database_is_not_taken_for_a_journal(tmp_path, clock):
    other = tmp_path / "backend.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE members (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="not a till journal"):
        Journal.open(other, register_id="K1", store_id="S1", clock=clock)


def test_a_file_that_is_not_sqlite_is_refused_clearly(tmp_path, clock):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(SchemaError, match="not a till journal"):
        Journal.open(junk, register_id="K1", store_id="S1", clock=clock)


def test_a_journal_from_a_newer_till_is_refused(journal_path, clock):
    Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock).close()
    conn = sqlite3.connect(journal_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="v99 is newer"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)


def test_entries_read_back_equal_what_was_written(journal):
    written = journal.append(EventType.PRICE_LOOKUP, {"gtin": "7038010000706", "names": ["ø", "å"]})
    assert journal.entry(written.seq) == written
    assert journal.last_entry() == written
    assert list(journal.entries(after_seq=written.seq - 1)) == [written]
    assert written.ts == START + timedelta(seconds=written.seq - 1)


def test_only_one_till_writes_a_journal_at_a_time(journal_path, clock):
    first = Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)
    with pytest.raises(JournalError, match="open in another till process"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)
    first.close()
    Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock).close()
