"""`pos journal verify` / `export-key` as separate processes on a journal a till process wrote.

The signatures are checked with tools that share no code with the till: the
`openssl` command line (when installed) over the documented signed text, built
here from the raw SQLite rows.
"""

from __future__ import annotations

import base64
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

POS = Path(sys.executable).parent / "pos"


def _pos(*args: str) -> subprocess.CompletedProcess:
    command = [str(POS)] if POS.exists() else [sys.executable, "-m", "pos.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
def written(tmp_path, spawn) -> Path:
    """A journal written by a till process that sold 12 sales and exited normally."""
    path = tmp_path / "till.sqlite"
    child = spawn("journal_writer.py", str(path), "60")
    _, errors = child.communicate(timeout=60)
    assert child.returncode == 0, errors
    return path


def _cash_rows(path: Path) -> list[dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(
            "SELECT * FROM journal WHERE trans_nr IS NOT NULL ORDER BY trans_nr")]
    finally:
        conn.close()


def _two_decimals(ore: int) -> str:
    return str((Decimal(ore) / 100).quantize(Decimal("0.01")))


def test_verify_passes_then_names_the_edited_transaction(written):
    ok = _pos("journal", "verify", "--journal", str(written), "--lang", "en")
    assert ok.returncode == 0, ok.stderr
    assert "journal OK" in ok.stdout and "12 cash transactions (nr 1–12)" in ok.stdout

    target = _cash_rows(written)[6]  # nr 7
    conn = sqlite3.connect(written)
    conn.execute("DROP TRIGGER journal_no_update")  # what an attacker must do first
    conn.execute("UPDATE journal SET amount_in = amount_in - 1000 WHERE trans_nr = 7")
    conn.commit()
    conn.close()

    broken = _pos("journal", "verify", "--journal", str(written), "--lang", "en")
    assert broken.returncode == 1
    assert f"BROKEN at seq {target['seq']} (cash transaction nr 7" in broken.stderr
    assert "The " + str(target["seq"] - 1) + " entries before it are intact" in broken.stderr
    norsk = _pos("journal", "verify", "--journal", str(written))
    assert "BRUTT ved løpenr." in norsk.stderr and "kassetransaksjon nr. 7" in norsk.stderr


@pytest.mark.skipif(shutil.which("openssl") is None, reason="the openssl command is not installed")
def test_every_signature_verifies_with_openssl_over_the_documented_text(written, tmp_path):
    pem = tmp_path / "K1.pem"
    exported = _pos("journal", "export-key", "--journal", str(written), "--out", str(pem))
    assert exported.returncode == 0, exported.stderr
    previous = "0"
    rows = _cash_rows(written)
    assert [r["trans_nr"] for r in rows] == list(range(1, 13))
    for row in rows:
        ts = row["ts"]
        text = ";".join([previous, ts[:10], ts[11:19], str(row["trans_nr"]),
                         _two_decimals(row["amount_in"]), _two_decimals(row["amount_ex"])])
        (tmp_path / "text").write_text(text)
        (tmp_path / "sig").write_bytes(base64.b64decode(row["signature"]))
        check = subprocess.run(
            ["openssl", "dgst", "-sha1", "-verify", str(pem), "-signature",
             str(tmp_path / "sig"), str(tmp_path / "text")],
            capture_output=True, text=True, timeout=30,
        )
        assert check.returncode == 0 and "Verified OK" in check.stdout, (row["trans_nr"], text)
        previous = row["signature"]


def test_export_key_and_verify_against_it(written, tmp_path):
    pem = tmp_path / "K1.pem"
    exported = _pos("journal", "export-key", "--journal", str(written), "--out", str(pem))
    assert exported.returncode == 0, exported.stderr
    assert pem.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    checked = _pos("journal", "verify", "--journal", str(written), "--public-key", str(pem))
    assert checked.returncode == 0, checked.stderr
    assert "kontrollert mot nøkkelen du oppga" in checked.stdout


def test_a_missing_journal_exits_2(tmp_path):
    result = _pos("journal", "verify", "--journal", str(tmp_path / "none.sqlite"), "--lang", "en")
    assert result.returncode == 2 and "no journal at" in result.stderr
