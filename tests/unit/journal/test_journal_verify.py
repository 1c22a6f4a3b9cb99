"""`verify_journal`: an intact journal verifies; any change to a stored entry is found and named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from journal_helpers import (
    START,
    independently_verified,
    open_fresh_journal,
    raw_rows,
    rehash_chain,
    scratch_dir,
    tamper,
)
from journal_session import SESSIONS, play

from pos.domain.clock import SteppingClock
from pos.journal import EventType, Journal, verify_journal
from pos.journal.signing import generate_key, public_pem


def _journal_with_sales(path: Path, clock: SteppingClock, sales: int = 3) -> None:
    with Journal.open(path, register_id="K1", store_id="S1", clock=clock) as j:
        j.append(EventType.APP_STARTED)
        j.login("1001")
        for number in range(sales):
            sale_id = j.start_sale().sale_id
            j.append(EventType.LINE_ADDED, {"price": 1000 + number}, sale_id=sale_id)
            j.complete_sale(sale_id, amount_in=1000 + number, amount_ex=800 + number)
            j.append(EventType.RECEIPT_PRINTED, sale_id=sale_id)


def _seq_of_nr(path: Path, nr: int) -> int:
    return next(r["seq"] for r in raw_rows(path) if r["trans_nr"] == nr)


def test_an_intact_journal_verifies_with_a_summary(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=3)
    report = verify_journal(journal_path)
    assert report.ok
    assert (report.entries, report.last_seq) == (15, 15)
    assert (report.cash_transactions, report.last_nr) == (3, 3)
    assert report.key_versions == ["1"]
    assert report.summary("en").startswith("journal OK: 15 entries (seq 1–15), 3 cash transactions")
    assert report.summary().startswith("journalen er i orden: 15 poster")


def test_an_edited_amount_breaks_the_chain_at_that_transaction(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=3)
    tamper(journal_path, "UPDATE journal SET amount_in = 99900 WHERE trans_nr = 2")
    report = verify_journal(journal_path)
    assert not report.ok and report.broken is not None
    assert report.broken.seq == _seq_of_nr(journal_path, 2)
    assert report.broken.nr == 2
    assert {f.code for f in report.broken.findings} == {"hash", "bad_signature"}
    assert report.entries == report.broken.seq - 1
    english = report.summary("en")
    assert f"BROKEN at seq {report.broken.seq} (cash transaction nr 2" in english
    assert ";2;999.00;" in english  # the signed text as it reads now
    assert "kassetransaksjon nr. 2" in report.summary("nb")


def test_an_edited_amount_with_a_recomputed_hash_chain_is_caught_by_the_signature(
    journal_path, clock
):
    _journal_with_sales(journal_path, clock, sales=3)
    tamper(journal_path, "UPDATE journal SET amount_ex = 1 WHERE trans_nr = 3")
    rehash_chain(journal_path)
    report = verify_journal(journal_path)
    assert report.broken is not None and report.broken.nr == 3
    assert [f.code for f in report.broken.findings] == ["bad_signature", "bad_seal"]


def test_a_changed_time_breaks_the_signature_too(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=2)
    row = next(r for r in raw_rows(journal_path) if r["trans_nr"] == 1)
    earlier = row["ts"].replace("T12:00", "T11:00")
    tamper(journal_path, "UPDATE journal SET ts = ? WHERE trans_nr = 1", (earlier,))
    rehash_chain(journal_path)
    report = verify_journal(journal_path)
    assert report.broken is not None and report.broken.nr == 1


def test_a_deleted_entry_in_the_middle_is_found(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=2)
    tamper(journal_path, "DELETE FROM journal WHERE seq = 5")
    report = verify_journal(journal_path)
    assert report.broken is not None and report.broken.seq == 6
    assert {f.code for f in report.broken.findings} == {"seq_gap", "prev_hash"}
    assert "løpenr. 5 mangler" in report.summary("nb")


def test_a_deleted_cash_transaction_breaks_numbering_and_signature_chain(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=3)
    seq = _seq_of_nr(journal_path, 2)
    tamper(journal_path, "DELETE FROM journal WHERE seq = ?", (seq,))
    conn = sqlite3.connect(journal_path)
    conn.execute("UPDATE journal SET seq = seq - 1 WHERE seq > ?", (seq,))  # close the gap
    conn.commit()
    conn.close()
    rehash_chain(journal_path)
    report = verify_journal(journal_path)
    # the entry renumbered into the hole was re-hashed: its seal no longer verifies
    assert report.broken is not None and report.broken.seq == seq
    assert {f.code for f in report.broken.findings} == {"bad_seal"}


def test_a_journal_signed_with_another_key_fails_against_the_exported_key(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=1)
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        real_key = j.public_keys()["1"]
    assert verify_journal(journal_path, public_keys=[real_key]).ok
    stranger = generate_key().public_key()
    report = verify_journal(journal_path, public_keys=[stranger])
    # the very first entry (the key record) is sealed with a key the auditor does not know
    assert report.broken is not None and report.broken.seq == 1
    assert [f.code for f in report.broken.findings] == ["key_not_given"]


def test_missing_append_only_guards_are_reported(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=1)
    tamper(journal_path, "SELECT 1")  # drops the guards, changes nothing
    report = verify_journal(journal_path)
    assert report.broken is not None and report.broken.seq is None
    assert "journal_no_update" in report.summary("en")


def test_rotated_keys_verify_with_their_own_version(journal_path, clock):
    _journal_with_sales(journal_path, clock, sales=1)
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        assert j.rotate_key() == "2"
        sale_id = j.start_sale().sale_id
        done = j.complete_sale(sale_id, amount_in=500, amount_ex=400)
        assert done.cash is not None and done.cash.key_version == "2"
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        assert j.key_version == "2"
        keys = j.public_keys()
    report = verify_journal(journal_path)
    assert report.ok and report.key_versions == ["1", "2"]
    for version in ("1", "2"):
        pem = public_pem(keys[version]).encode()
        verified = independently_verified(pem, raw_rows(journal_path))
        assert verified == ([1] if version == "1" else [2])


@given(SESSIONS)
def test_any_session_verifies_and_every_signature_checks_out_independently(actions):
    with scratch_dir() as tmp:
        path = Path(tmp) / "till.sqlite"
        with open_fresh_journal(path, SteppingClock(START)) as j:
            play(j, actions)
            pem = public_pem(j.public_keys()["1"]).encode()
        report = verify_journal(path)
        rows = raw_rows(path)
        assert report.ok, report.summary("en")
        assert report.entries == len(rows)
        numbers = [r["trans_nr"] for r in rows if r["trans_nr"] is not None]
        assert numbers == list(range(1, len(numbers) + 1))
        assert independently_verified(pem, rows) == numbers


MUTABLE = ["ts", "type", "register_id", "store_id", "operator_id", "training", "sale_id",
           "payload", "trans_nr", "trans_kind", "amount_in", "amount_ex", "signature",
           "key_version", "prev_hash", "hash"]


def _mutated(value: object, column: str, data: st.DataObject) -> object:
    if column == "training":
        return 1 - value
    if value is None:
        return data.draw(st.integers(min_value=10_000, max_value=10**9))
    if isinstance(value, int):
        return value + data.draw(st.integers(min_value=1, max_value=10**6))
    text = str(value)
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    replacement = data.draw(
        st.characters(exclude_categories=("Cs",)).filter(lambda c: c != text[position])
    )
    return text[:position] + replacement + text[position + 1:]


@given(SESSIONS, st.data())
def test_any_single_field_change_in_any_stored_entry_is_found_at_that_entry(actions, data):
    with scratch_dir() as tmp:
        path = Path(tmp) / "till.sqlite"
        with open_fresh_journal(path, SteppingClock(START)) as j:
            play(j, actions)
        rows = raw_rows(path)
        row = data.draw(st.sampled_from(rows))
        column = data.draw(st.sampled_from(MUTABLE))
        if column in ("amount_in", "amount_ex") and row[column] is None:
            column = "payload"  # amounts are typed integer columns; text would be refused
        changed = _mutated(row[column], column, data)
        try:
            tamper(path, f"UPDATE journal SET {column} = ? WHERE seq = ?", (changed, row["seq"]))
        except sqlite3.IntegrityError:  # the schema itself refuses it (a duplicate trans_nr)
            assume(False)
        report = verify_journal(path)
        assert report.broken is not None, (column, row[column], changed)
        assert report.broken.seq == row["seq"]


def test_verify_refuses_a_missing_file_clearly(tmp_path):
    from pos.journal import JournalNotFound

    with pytest.raises(JournalNotFound, match="no journal at"):
        verify_journal(tmp_path / "nowhere.sqlite")
