"""The end of the journal: unsealed entries at the tail, and the sealed head.

Why apart from the entry walk: every entry can verify and still entries may
have been cut off the end; only the head (`seals.py`), signed with every
entry, says where the journal ended. What is checked here runs after the walk
found every entry intact.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import seals
from pos.journal.db import Database
from pos.journal.messages import Finding

KeyLookup = Callable[[str], "rsa.RSAPublicKey | Finding"]


def has_seal_column(db: Database) -> bool:
    """False for a journal still at schema v1 (opened read-only, so not migrated)."""
    return any(row[1] == "seal" for row in db.execute("PRAGMA table_info(journal)"))


def tail_findings(db: Database, *, register_id: str | None, store_id: str | None,
                  last: tuple[int, str] | None, first_unsealed: int | None,
                  key: KeyLookup) -> list[Finding]:
    """What is wrong with the journal's end (`last` = its last seq and hash), empty if nothing."""
    if last is None:
        return []
    if first_unsealed is not None:
        return [Finding("unsealed_tail", {"first": first_unsealed})]
    head = seals.read_head(db)
    if head is None:
        return [Finding("head_missing")]
    if (head.register_id, head.store_id) != (register_id, store_id):
        return [Finding("head_register", {"register": head.register_id, "store": head.store_id})]
    public = key(head.key_version or "")
    if isinstance(public, Finding):
        return [public]
    if not head.verifies(public):
        return [Finding("head_bad_seal")]
    last_seq, last_hash = last
    if head.seq > last_seq:
        return [Finding("head_cut", {"last": last_seq, "head": head.seq, "first": last_seq + 1})]
    if head.seq < last_seq:
        return [Finding("head_behind", {"head": head.seq, "first": head.seq + 1,
                                        "last": last_seq})]
    if head.hash != last_hash:
        return [Finding("head_mismatch", {"seq": head.seq})]
    return []
