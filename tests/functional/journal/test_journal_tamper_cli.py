"""Every tamper class on a copy of a demo-day journal, through the real `pos journal` CLI.

The audit that asked for seals deleted a no-sale drawer opening and a receipt
copy, renumbered and re-hashed the chain, put the triggers back, and `verify`
said "journal OK". Here each class of change (delete, insert, reorder, edit a
signed field, edit a payload, re-hash, cut the end) must make `verify` exit 1
naming the first broken entry, and `export-saft` refuse (exit 1) naming it too.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pos.tools.demo_day import run_demo_day
from tests.fixtures.journal_tamper import copy_journal, rehash, renumber, rows, tamper

DAY = date(2024, 5, 2)
POS = Path(sys.executable).parent / "pos"


def _pos(*args: str) -> subprocess.CompletedProcess:
    command = [str(POS)] if POS.exists() else [sys.executable, "-m", "pos.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def demo_day() -> Iterator[Path]:
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="tamper-day-", dir=ram) as tmp:
        path = Path(tmp) / "K3.journal.sqlite"
        run_demo_day(path, sales=30, day=DAY, seed=11, devices="stand-in")
        yield path


@pytest.fixture
def journal(demo_day, tmp_path) -> Path:
    return copy_journal(demo_day, tmp_path / "copy")


def _seq_of(path: Path, kind: str, *, manual: bool = False) -> int:
    for row in rows(path):
        if row["type"] == kind and (not manual or json.loads(row["payload"]).get("manual")):
            return row["seq"]
    raise AssertionError(f"no {kind} in the demo day")


def _verify(path: Path) -> subprocess.CompletedProcess:
    return _pos("journal", "verify", "--journal", str(path), "--lang", "en")


def _export(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return _pos("journal", "export-saft", "--journal", str(path), "--lang", "en",
                "--from", DAY.isoformat(), "--to", DAY.isoformat(),
                "--out", str(path.parent / "saft"), *extra)


def _both_refuse(path: Path, names: str) -> str:
    """verify exits 1 and export-saft refuses (1, no file), both naming `names`."""
    verified = _verify(path)
    assert verified.returncode == 1, verified.stdout + verified.stderr
    assert names in verified.stderr, verified.stderr
    exported = _export(path)
    assert exported.returncode == 1, exported.stdout + exported.stderr
    assert "SAF-T export refused" in exported.stderr and names in exported.stderr
    assert "Traceback" not in exported.stderr
    assert not list((path.parent / "saft").glob("*.xml"))
    return verified.stderr


def test_the_untouched_copy_verifies_and_exports(journal):
    assert _verify(journal).returncode == 0
    exported = _export(journal)
    assert exported.returncode == 0, exported.stderr
    assert len(list((journal.parent / "saft").glob("*.xml"))) == 1


def test_the_audits_attack_deleting_a_no_sale_opening_and_a_copy_then_rehashing(journal):
    drawer = _seq_of(journal, "drawer.opened", manual=True)
    copy = _seq_of(journal, "receipt.copy_printed")

    def attack(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM journal WHERE seq IN (?, ?)", (drawer, copy))
        renumber(conn)
        rehash(conn)

    tamper(journal, attack)
    said = _both_refuse(journal, f"seq {min(drawer, copy)}")
    assert "seal does not verify" in said


def test_a_deleted_entry_without_rehash(journal):
    drawer = _seq_of(journal, "drawer.opened", manual=True)
    tamper(journal, lambda conn: conn.execute("DELETE FROM journal WHERE seq = ?", (drawer,)))
    said = _both_refuse(journal, f"seq {drawer + 1}")
    assert f"entry seq {drawer} is missing" in said


def test_an_inserted_entry(journal):
    drawer = _seq_of(journal, "drawer.opened", manual=True)

    def insert(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal SET seq = -(seq + 1) WHERE seq > ?", (drawer,))
        conn.execute("UPDATE journal SET seq = -seq WHERE seq < 0")
        columns = [c[1] for c in conn.execute("PRAGMA table_info(journal)")]
        values = conn.execute("SELECT * FROM journal WHERE seq = ?", (drawer,)).fetchone()
        row = dict(zip(columns, values, strict=True)) | {"seq": drawer + 1}
        conn.execute(f"INSERT INTO journal ({', '.join(row)}) VALUES "
                     f"({', '.join('?' * len(row))})", tuple(row.values()))
        rehash(conn)

    tamper(journal, insert)
    _both_refuse(journal, f"seq {drawer + 1}")


def test_two_swapped_entries(journal):
    drawer = _seq_of(journal, "drawer.opened", manual=True)

    def swap(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal SET seq = -1 WHERE seq = ?", (drawer,))
        conn.execute("UPDATE journal SET seq = ? WHERE seq = ?", (drawer, drawer - 1))
        conn.execute("UPDATE journal SET seq = ? WHERE seq = -1", (drawer - 1,))
        rehash(conn)

    tamper(journal, swap)
    _both_refuse(journal, f"seq {drawer - 1}")


def test_an_edited_signed_field_with_the_chain_rehashed(journal):
    seq = next(r["seq"] for r in rows(journal) if r["trans_nr"] == 5)

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal SET amount_in = amount_in + 100 WHERE seq = ?", (seq,))
        rehash(conn)

    tamper(journal, edit)
    said = _both_refuse(journal, f"seq {seq}")
    assert "signature does not verify" in said


def test_an_edited_payload_is_named_and_a_forced_export_does_not_crash(journal):
    row = next(r for r in rows(journal) if r["type"] == "sale.tender_added")
    payload = json.loads(row["payload"])
    payload["op"]["amount"] = 1  # the sale no longer balances

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal SET payload = ? WHERE seq = ?",
                     (json.dumps(payload, sort_keys=True, separators=(",", ":")), row["seq"]))

    tamper(journal, edit)
    said = _both_refuse(journal, f"seq {row['seq']}")
    assert "does not match its contents" in said
    forced = _export(journal, "--force")
    assert "Traceback" not in forced.stderr
    assert forced.returncode in (0, 2), forced.stderr
    if forced.returncode == 2:  # the sale cannot be rebuilt: the damaged entry is named
        assert "cannot be rebuilt from the journal" in forced.stderr
    else:
        (xml,) = (journal.parent / "saft").glob("*.xml")
        assert "UNVERIFIED JOURNAL" in xml.read_text(encoding="utf-8")


def test_a_rehashed_chain_after_an_edited_payload(journal):
    row = next(r for r in rows(journal) if r["type"] == "receipt.copy_printed")

    def edit(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE journal SET payload = '{}' WHERE seq = ?", (row["seq"],))
        rehash(conn)

    tamper(journal, edit)
    said = _both_refuse(journal, f"seq {row['seq']}")
    assert "seal does not verify" in said


def test_a_cut_off_end(journal):
    last = rows(journal)[-1]["seq"]
    tamper(journal, lambda conn: conn.execute("DELETE FROM journal WHERE seq > ?", (last - 5,)))
    said = _both_refuse(journal, f"ends at seq {last - 5} but was sealed up to seq {last}")
    assert f"entries {last - 4}–{last} were cut off" in said


def test_a_cut_off_end_with_the_head_deleted(journal):
    last = rows(journal)[-1]["seq"]

    def cut(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM journal WHERE seq > ?", (last - 5,))
        conn.execute("DELETE FROM journal_head")

    tamper(journal, cut)
    _both_refuse(journal, "sealed head (journal_head) is missing")


def test_entries_added_at_the_end_without_the_key(journal):
    last = rows(journal)[-1]

    def append(conn: sqlite3.Connection) -> None:
        row = dict(last) | {"seq": last["seq"] + 1, "prev_hash": last["hash"], "seal": None}
        conn.execute(f"INSERT INTO journal ({', '.join(row)}) VALUES "
                     f"({', '.join('?' * len(row))})", tuple(row.values()))
        rehash(conn)

    tamper(journal, append)
    _both_refuse(journal, f"seq {last['seq'] + 1}")


def test_a_forced_export_of_a_cut_journal_is_marked(journal):
    last = rows(journal)[-1]["seq"]
    tamper(journal, lambda conn: conn.execute("DELETE FROM journal WHERE seq > ?", (last - 5,)))
    forced = _export(journal, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "WARNING: the journal does not verify" in forced.stderr
    (xml,) = (journal.parent / "saft").glob("*.xml")
    assert "UNVERIFIED JOURNAL" in xml.read_text(encoding="utf-8")
