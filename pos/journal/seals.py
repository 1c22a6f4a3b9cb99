"""Seals: every journal entry and the journal's end, signed with the register's key.

Why: the sha256 chain alone can be recomputed by anyone with write access to
the file, so deleting a drawer opening or a receipt copy and re-hashing would
go unnoticed. Each entry's `seal` is an RSA-SHA256 signature (PKCS#1 v1.5, the
register's signing key) over `entry;<seq>;<hash>`; since the hash covers the
entry and its `prev_hash`, one valid seal vouches for everything before it.
Rewriting any entry then needs the private key.

Seals alone cannot show that entries were cut off the end (what is left still
verifies). So after every commit the journal also writes its *head* beside
the file (`<journal>.seal-head`): the last entry's seq and hash, signed as
`head;<register>;<store>;<seq>;<hash>`. A journal that ends before its head,
or whose entry at the head's seq has another hash, was cut off. The head may
lag behind the journal (a till killed between commit and head write) but
never run ahead of it. See docs/journal.md for the threat model.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import signing

HEAD_SUFFIX = ".seal-head"


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


def head_path(journal_path: Path) -> Path:
    """`till.sqlite` → `till.sqlite.seal-head`, beside the journal (and its key)."""
    return journal_path.with_name(journal_path.name + HEAD_SUFFIX)


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


def write_head(journal_path: Path, head: Head, *, durable: bool = False) -> None:
    """Replace the head file atomically; `durable` also fsyncs it (at close and at a Z).

    Why not fsync every time: the head may lag behind the journal (that is
    allowed), so a head lost to a power cut costs nothing but the check of
    the newest entries; an fsync per sale would double the cost of an append.
    """
    path = head_path(journal_path)
    tmp = path.with_name(path.name + ".tmp")
    data = json.dumps(head.__dict__, sort_keys=True).encode("ascii")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


class HeadUnreadable(ValueError):
    """The head file exists but is not a head (damaged or replaced)."""


def read_head(journal_path: Path) -> Head | None:
    """The head beside the journal, None when there is none."""
    try:
        data = json.loads(head_path(journal_path).read_bytes())
        return Head(register_id=str(data["register_id"]), store_id=str(data["store_id"]),
                    seq=int(data["seq"]), hash=str(data["hash"]), seal=str(data["seal"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise HeadUnreadable(str(exc)) from exc
