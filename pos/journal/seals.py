"""Seals: every journal entry and the journal's end, signed with the register's key.

Why: the sha256 chain alone can be recomputed by anyone with write access to
the file, so deleting a drawer opening or a receipt copy and re-hashing would
go unnoticed. Each entry's `seal` is an RSA-SHA256 signature (PKCS#1 v1.5, the
register's signing key) over `entry;<seq>;<hash>`; since the hash covers the
entry and its `prev_hash`, one valid seal vouches for everything before it.
Rewriting any entry then needs the private key.

Seals alone cannot show that entries were cut off the end (what is left still
verifies). So every write also records the journal's *head* (table
`journal_head`, one row, in the same transaction as the entry): the last
entry's seq and hash, signed as `head;<register>;<store>;<seq>;<hash>`, a text
no entry seal can stand in for. A journal that ends before its head, or whose
entry at the head's seq has another hash, was cut off; one that goes on after
it had entries added without the key. Why in the file and not beside it: the
head is worth its signature, not its place; in the same transaction it is
exact (it never lags) and costs no extra write to disk. See docs/journal.md
for the threat model.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import signing
from pos.journal.db import Database


def _sign(key: rsa.RSAPrivateKey, version: str, text: str) -> str:
    return f"{version}:{signing.sign(key, text, hashes.SHA256())}"


def _verifies(key: rsa.RSAPublicKey, text: str, signature: str) -> bool:
    return signing.signature_verifies(key, text, signature, hashes.SHA256())


def split_seal(seal: object) -> tuple[str, str] | None:
    """(key version, base64 signature) of a stored seal, None when it is not one."""
    if not isinstance(seal, str) or ":" not in seal:
        return None
    version, _, signature = seal.partition(":")
    return (version, signature) if version and signature else None


def entry_text(seq: int, entry_hash: str) -> str:
    return f"entry;{seq};{entry_hash}"


def seal_entry(key: rsa.RSAPrivateKey, version: str, seq: int, entry_hash: str) -> str:
    """The stored seal of one entry: `<key version>:<base64 RSA-SHA256 signature>`."""
    return _sign(key, version, entry_text(seq, entry_hash))


def seal_verifies(key: rsa.RSAPublicKey, seq: int, entry_hash: str, signature: str) -> bool:
    return _verifies(key, entry_text(seq, entry_hash), signature)


@dataclass(frozen=True)
class Head:
    """The signed end of the journal: its last entry when the head was written."""

    register_id: str
    store_id: str
    seq: int
    hash: str
    seal: str

    def text(self) -> str:
        return f"head;{self.register_id};{self.store_id};{self.seq};{self.hash}"

    def verifies(self, key: rsa.RSAPublicKey) -> bool:
        parts = split_seal(self.seal)
        return parts is not None and _verifies(key, self.text(), parts[1])

    @property
    def key_version(self) -> str | None:
        parts = split_seal(self.seal)
        return parts[0] if parts else None


def make_head(key: rsa.RSAPrivateKey, version: str, *, register_id: str, store_id: str,
              seq: int, entry_hash: str) -> Head:
    unsigned = Head(register_id, store_id, seq, entry_hash, "")
    return Head(register_id, store_id, seq, entry_hash, _sign(key, version, unsigned.text()))


def read_head(db: Database) -> Head | None:
    """The head recorded in the journal file, None when there is none (or no table yet)."""
    try:
        row = db.query_one(
            "SELECT register_id, store_id, seq, hash, seal FROM journal_head WHERE id = 1")
    except sqlite3.OperationalError:  # a schema v1 file opened read-only
        return None
    return Head(*row) if row else None


def record_head(conn: sqlite3.Connection, head: Head) -> None:
    """Make `head` the journal's end, in the transaction that wrote its entry."""
    conn.execute(
        "INSERT INTO journal_head (id, register_id, store_id, seq, hash, seal)"
        " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET register_id ="
        " excluded.register_id, store_id = excluded.store_id, seq = excluded.seq,"
        " hash = excluded.hash, seal = excluded.seal",
        (head.register_id, head.store_id, head.seq, head.hash, head.seal),
    )
