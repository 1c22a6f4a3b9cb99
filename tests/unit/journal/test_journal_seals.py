"""Seals: every entry signed with the register's key, the journal's end signed beside it.

Before seals, an entry that is not a cash transaction (a drawer opening, a
receipt copy, a login) could be deleted and the sha256 chain recomputed without
a trace; and entries cut off the end left a journal that verified.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from journal_helpers import raw_rows, rehash_chain, tamper

from pos.domain.clock import SteppingClock
from pos.journal import EventType, Journal, JournalError, verify_journal
from pos.journal.db import Database
from pos.journal.seals import read_head
from tests.fixtures.journal_tamper import tamper as quietly


def _day(path: Path, clock: SteppingClock) -> None:
    with Journal.open(path, register_id="K1", store_id="S1", clock=clock) as j:
        j.login("1001")
        j.append(EventType.DRAWER_OPENED, {"manual": True, "reason": "no_sale"})
        sale_id = j.start_sale().sale_id
        j.append(EventType.LINE_ADDED, {"price": 1000}, sale_id=sale_id)
        j.complete_sale(sale_id, amount_in=1000, amount_ex=800)
        j.append(EventType.RECEIPT_PRINTED, sale_id=sale_id)
        j.append(EventType.RECEIPT_COPY_PRINTED, sale_id=sale_id)
        j.append(EventType.DRAWER_OPENED, {"manual": True, "reason": "no_sale"})
        j.logout()


def _codes(path: Path) -> list[str]:
    report = verify_journal(path)
    assert report.broken is not None, "the change went unnoticed"
    return [f.code for f in report.broken.findings]


def test_every_entry_is_sealed_and_the_head_is_the_last_entry(journal_path, clock):
    _day(journal_path, clock)
    stored = raw_rows(journal_path)
    assert all(row["seal"] and row["seal"].startswith("1:") for row in stored)
    with Database.open(journal_path, readonly=True) as db:
        head = read_head(db)
    assert head is not None and (head.seq, head.hash) == (stored[-1]["seq"], stored[-1]["hash"])
    assert verify_journal(journal_path).ok


def test_a_deleted_drawer_opening_with_the_chain_recomputed_is_found(journal_path, clock):
    _day(journal_path, clock)
    drawer = next(r["seq"] for r in raw_rows(journal_path) if r["type"] == "drawer.opened")
    tamper(journal_path, "DELETE FROM journal WHERE seq = ?", (drawer,))
    tamper(journal_path, "UPDATE journal SET seq = seq - 1 WHERE seq > ?", (drawer,))
    rehash_chain(journal_path)
    report = verify_journal(journal_path)
    assert report.broken is not None and report.broken.seq == drawer
    assert [f.code for f in report.broken.findings] == ["bad_seal"]
    assert "re-hashed without the register's key" in report.summary("en")


def test_a_payload_rewritten_and_rehashed_is_found_by_its_seal(journal_path, clock):
    _day(journal_path, clock)
    copy = next(r["seq"] for r in raw_rows(journal_path) if r["type"] == "receipt.copy_printed")
    tamper(journal_path, "UPDATE journal SET payload = ? WHERE seq = ?",
           (json.dumps({"note": "x"}), copy))
    rehash_chain(journal_path)
    assert _codes(journal_path) == ["bad_seal"]


def test_a_removed_seal_is_found(journal_path, clock):
    _day(journal_path, clock)
    tamper(journal_path, "UPDATE journal SET seal = NULL WHERE seq = 4")
    assert _codes(journal_path) == ["unsealed"]


def test_a_cut_off_end_is_found_by_verify_and_refused_at_the_next_start(journal_path, clock):
    _day(journal_path, clock)
    last = raw_rows(journal_path)[-1]["seq"]
    quietly(journal_path, lambda c: c.execute("DELETE FROM journal WHERE seq > ?", (last - 2,)))
    assert _codes(journal_path) == ["head_cut"]
    assert f"sealed up to seq {last}" in verify_journal(journal_path).summary("en")
    with pytest.raises(JournalError, match="cut off the end"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)


def test_a_deleted_head_is_found_and_refused_at_the_next_start(journal_path, clock):
    _day(journal_path, clock)
    quietly(journal_path, lambda c: c.execute("DELETE FROM journal_head"))
    assert _codes(journal_path) == ["head_missing"]
    with pytest.raises(JournalError, match="sealed head is missing"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)


def _head_row(path: Path) -> tuple:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT register_id, store_id, seq, hash, seal FROM journal_head"
                            ).fetchone()
    finally:
        conn.close()


def _set_head(path: Path, row: tuple) -> None:
    quietly(path, lambda c: c.execute(
        "UPDATE journal_head SET register_id = ?, store_id = ?, seq = ?, hash = ?, seal = ?",
        row))


def test_a_head_signed_by_someone_else_is_found(journal_path, clock, tmp_path):
    _day(journal_path, clock)
    stranger = tmp_path / "other" / "till.sqlite"
    with Journal.open(stranger, register_id="K1", store_id="S1", clock=clock) as j:
        j.login("1")
    register, store, _, _, seal = _head_row(stranger)
    _, _, seq, entry_hash, _ = _head_row(journal_path)
    _set_head(journal_path, (register, store, seq, entry_hash, seal))
    assert _codes(journal_path) == ["head_bad_seal"]
    with pytest.raises(JournalError, match="not signed with the register's key"):
        Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock)


def test_a_cut_end_with_the_head_edited_to_match_is_found(journal_path, clock):
    _day(journal_path, clock)
    rows = raw_rows(journal_path)
    quietly(journal_path, lambda c: c.execute("DELETE FROM journal WHERE seq > ?",
                                              (rows[-3]["seq"],)))
    register, store, _, _, seal = _head_row(journal_path)
    _set_head(journal_path, (register, store, rows[-3]["seq"], rows[-3]["hash"], seal))
    assert _codes(journal_path) == ["head_bad_seal"]


def test_an_entry_seal_cannot_stand_in_for_the_head(journal_path, clock):
    _day(journal_path, clock)
    rows = raw_rows(journal_path)
    quietly(journal_path, lambda c: c.execute("DELETE FROM journal WHERE seq > ?",
                                              (rows[-3]["seq"],)))
    register, store, *_ = _head_row(journal_path)
    kept = rows[-3]
    _set_head(journal_path, (register, store, kept["seq"], kept["hash"], kept["seal"]))
    assert _codes(journal_path) == ["head_bad_seal"]


def _make_v1(path: Path) -> None:
    """What a journal written before sealing looks like: no seal column, no head."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER journal_head_no_delete")
    conn.execute("DROP TABLE journal_head")
    conn.execute("ALTER TABLE journal DROP COLUMN seal")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_a_journal_from_before_sealing_opens_migrates_and_is_sealed(journal_path, clock):
    _day(journal_path, clock)
    _make_v1(journal_path)
    before = len(raw_rows(journal_path))
    assert _codes(journal_path) == ["unsealed_tail"]  # read-only: not migrated
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        last = j.last_entry()
        assert last is not None and last.type is EventType.APP_UPDATED
        assert last.payload == {"journal_schema": 2, "sealed_through": before}
        j.login("1001")
    report = verify_journal(journal_path)
    assert report.ok, report.summary("en")
    assert report.entries == before + 2
