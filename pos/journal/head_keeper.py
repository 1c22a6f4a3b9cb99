"""The journal's sealed head: recorded with every entry, checked when the journal opens.

Why a collaborator of `Journal`: the head (`seals.py`) is what shows that
nothing was cut off the end; recording it beside each entry and refusing a
journal that ends before it are not the journal's job of recording events.
See docs/journal.md for the threat model.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import seals
from pos.journal.db import Database
from pos.journal.errors import JournalError
from pos.journal.texts import T


class HeadKeeper:
    def __init__(self, db: Database, *, register_id: str, store_id: str) -> None:
        self.db = db
        self.register_id = register_id
        self.store_id = store_id

    def record(self, conn: sqlite3.Connection, key: rsa.RSAPrivateKey, key_version: str,
               seq: int, entry_hash: str) -> None:
        """Entry `seq` is the journal's end now (in the transaction that wrote it)."""
        seals.record_head(conn, seals.make_head(
            key, key_version, register_id=self.register_id, store_id=self.store_id, seq=seq,
            entry_hash=entry_hash))

    def check_on_open(self, public_keys: Mapping[str, rsa.RSAPublicKey]) -> None:
        """Refuse a journal whose end is not its sealed head: entries were cut off the end."""
        head = seals.read_head(self.db)
        last = self.db.query_one("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        if head is None:
            sealed = self.db.query_one("SELECT 1 FROM journal WHERE seal IS NOT NULL LIMIT 1")
            if sealed is not None:
                raise JournalError(T("head_missing_open", path=self.db.path).get("en"))
            return
        key = public_keys.get(head.key_version or "")
        if key is None or not head.verifies(key):
            raise JournalError(T("head_bad_seal_open", path=self.db.path).get("en"))
        if last is None or (last[0], last[1]) != (head.seq, head.hash):
            raise JournalError(T("head_cut_open", path=self.db.path, head=head.seq,
                                 last=last[0] if last else 0).get("en"))
