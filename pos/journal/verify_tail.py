"""The end of the journal: unsealed entries at the tail, and the sealed head beside the file.

Why apart from the entry walk: every entry can verify and still entries may
have been cut off the end; only the head (`seals.py`), signed after each
commit, says where the journal ended. What is checked here runs after the walk
found every entry intact.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import seals
from pos.journal.db import Database
from pos.journal.messages import Finding

KeyLookup = Callable[[str], "rsa.RSAPublicKey | Finding"]


def has_seal_column(db: Database) -> bool:
    """False for a journal still at schema v1 (opened read-only, so not migrated)."""
    return any(row[1] == "seal" for row in db.execute("PRAGMA table_info(journal)"))


def tail_findings(db: Database, path: Path, *, register_id: str | None, store_id: str | None,
                  last_seq: int, first_unsealed: int | None, key: KeyLookup) -> list[Finding]:
    """What is wrong with the journal's end, empty when it is where the head says."""
    if last_seq == 0:
        return []
    if first_unsealed is not None:
        return [Finding("unsealed_tail", {"first": first_unsealed})]
    try:
        head = seals.read_head(path)
    except seals.HeadUnreadable as exc:
        return [Finding("head_unreadable", {"path": seals.head_path(path), "error": str(exc)})]
    if head is None:
        return [Finding("head_missing", {"path": seals.head_path(path)})]
    if (head.register_id, head.store_id) != (register_id, store_id):
        return [Finding("head_register", {"register": head.register_id, "store": head.store_id})]
    public = key(head.key_version or "")
    if isinstance(public, Finding):
        return [public]
    if not head.verifies(public):
        return [Finding("head_bad_seal")]
    if head.seq > last_seq:
        return [Finding("head_cut", {"last": last_seq, "head": head.seq, "first": last_seq + 1})]
    at_head = db.query_one("SELECT hash FROM journal WHERE seq = ?", (head.seq,))
    if at_head is None or at_head[0] != head.hash:
        return [Finding("head_mismatch", {"seq": head.seq})]
    return []
