"""Helpers for the journal tests that reach into the file the way an attacker or auditor would:
with the sqlite3 module and the `cryptography` package directly, never through the journal's code.
"""

from __future__ import annotations

import base64
import sqlite3
from decimal import Decimal
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from pos.journal.canonical import GENESIS_HASH, entry_hash
from tests.fixtures.journal_files import START, open_fresh_journal, scratch_dir  # noqa: F401


def raw_rows(path: Path) -> list[dict]:
    """Every journal row as stored, read with plain sqlite3."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute("SELECT * FROM journal ORDER BY seq")]
    finally:
        conn.close()


def tamper(path: Path, sql: str, params: tuple = ()) -> None:
    """Change the file as an attacker would: drop the guards, then write."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("DROP TRIGGER IF EXISTS journal_no_update")
        conn.execute("DROP TRIGGER IF EXISTS journal_no_delete")
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def documented_text(previous: str, row: dict) -> str:
    """The signed text built from the stored row by the documented rule alone."""

    def amount(ore: int) -> str:
        return str((Decimal(ore) / 100).quantize(Decimal("0.01")))

    ts = row["ts"]  # ISO 8601 in Oslo local time: date is [0:10], time [11:19]
    return ";".join(
        [previous, ts[0:10], ts[11:19], str(row["trans_nr"]),
         amount(row["amount_in"]), amount(row["amount_ex"])]
    )


def independently_verified(public_pem: bytes, rows: list[dict]) -> list[int]:
    """Numbers of the cash transactions whose signature verifies with `cryptography` directly."""
    key = serialization.load_pem_public_key(public_pem)
    previous, good = "0", []
    for row in rows:
        if row["trans_nr"] is None:
            continue
        text = documented_text(previous, row)
        try:
            key.verify(base64.b64decode(row["signature"]), text.encode(), padding.PKCS1v15(),
                       hashes.SHA1())
            good.append(row["trans_nr"])
        except InvalidSignature:
            pass
        previous = row["signature"]
    return good


def rehash_chain(path: Path) -> None:
    """What a careful attacker does after an edit: recompute every hash so the chain looks whole."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("DROP TRIGGER IF EXISTS journal_no_update")
        previous = GENESIS_HASH
        for row in [dict(r) for r in conn.execute("SELECT * FROM journal ORDER BY seq")]:
            row["prev_hash"] = previous
            row["hash"] = entry_hash(row)
            conn.execute(
                "UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?",
                (row["prev_hash"], row["hash"], row["seq"]),
            )
            previous = row["hash"]
        conn.commit()
    finally:
        conn.close()



