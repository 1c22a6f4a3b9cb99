"""The journal's sealed head kept up to date beside the file, and checked when it opens.

Why a collaborator of `Journal`: the head is written after each *commit* (not
each write: inside `atomic()` nothing is final until the outer commit), and
checked once at open; neither is the journal's job of recording events.
See `seals.py` for what the head is and docs/journal.md for the threat model.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import seals
from pos.journal.db import Database
from pos.journal.errors import JournalError
from pos.journal.texts import T


class HeadKeeper:
    def __init__(self, db: Database, *, register_id: str, store_id: str) -> None:
        self.db = db
        self.path: Path = db.path
        self.register_id = register_id
        self.store_id = store_id
        self._unwritten: tuple[int, str, bool] | None = None

    def written(self, seq: int, entry_hash: str, *, durable: bool = False) -> None:
        """An entry was written: it is the head once its transaction commits."""
        self._unwritten = (seq, entry_hash, durable)

    def forget(self) -> None:
        """The transaction rolled back: its entries never became the head."""
        self._unwritten = None

    def after_commit(self, key: rsa.RSAPrivateKey, key_version: str) -> None:
        """Sign and write the head; durably at a Z, at close and when it is first created."""
        if self._unwritten is None:
            return
        seq, entry_hash, durable = self._unwritten
        self._unwritten = None
        head = seals.make_head(key, key_version, register_id=self.register_id,
                               store_id=self.store_id, seq=seq, entry_hash=entry_hash)
        first = not seals.head_path(self.path).exists()
        seals.write_head(self.path, head, durable=durable or first)

    def seal_last(self, key: rsa.RSAPrivateKey, key_version: str) -> None:
        """Write the head for the journal's last entry, durably (at close)."""
        last = self.db.query_one("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        if last is not None:
            self.written(last[0], last[1], durable=True)
            self.after_commit(key, key_version)

    def check_on_open(self) -> None:
        """Refuse a journal that ends before its sealed head: entries were cut off the end."""
        try:
            head = seals.read_head(self.path)
        except seals.HeadUnreadable as exc:
            message = T("head_unreadable_open", path=self.path, error=exc).get("en")
            raise JournalError(message) from None
        if head is None:
            sealed = self.db.query_one("SELECT 1 FROM journal WHERE seal IS NOT NULL LIMIT 1")
            if sealed is not None:
                raise JournalError(T("head_missing_open", path=self.path).get("en"))
            return
        at_head = self.db.query_one("SELECT hash FROM journal WHERE seq = ?", (head.seq,))
        if at_head is None or at_head[0] != head.hash:
            last = self.db.query_one("SELECT max(seq) FROM journal")
            raise JournalError(T("head_cut_open", path=self.path, head=head.seq,
                                 last=(last[0] if last else None) or 0).get("en"))
