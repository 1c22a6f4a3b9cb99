"""The register's signing keys: the file beside the journal and its record in the journal.

The key file is written first and recorded second (`signing.key_created` with the
public key and its fingerprint), so a crash in between leaves a file that the
next start reuses. Afterwards the file must match the record, or the journal
refuses to open rather than silently start a second signature chain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import signing
from pos.journal.db import Database
from pos.journal.entries import SELECT_ENTRIES, Entry, entry_from_tuple
from pos.journal.errors import SigningKeyError
from pos.journal.events import EventType

ALGORITHM = "RSA-SHA1 PKCS#1 v1.5, 1024 bit, e=65537"


def key_events(db: Database) -> list[Entry]:
    cursor = db.execute(
        f"{SELECT_ENTRIES} WHERE type = ? ORDER BY seq", (EventType.SIGNING_KEY_CREATED.value,)
    )
    return [entry_from_tuple(values) for values in cursor]


def recorded_public_keys(db: Database) -> dict[str, str]:
    """Key version → public key PEM, as recorded in the journal (oldest first)."""
    return {e.payload["key_version"]: e.payload["public_key_pem"] for e in key_events(db)}


def load_current_key(db: Database, journal_path: Path) -> tuple[rsa.RSAPrivateKey, str] | None:
    """The newest recorded key, read from its file; None when no key was recorded yet."""
    recorded = key_events(db)
    if not recorded:
        return None
    latest = recorded[-1].payload
    version = latest["key_version"]
    key = signing.read_private_key(signing.key_path(journal_path, version))
    if signing.fingerprint(key) != latest["fingerprint"]:
        raise SigningKeyError(
            f"the signing key file for v{version} is not the key recorded in {journal_path}"
        )
    return key, version


def create_key_file(journal_path: Path, version: str) -> rsa.RSAPrivateKey:
    """A new key in its owner-only file, or the file a crash left before it was recorded."""
    path = signing.key_path(journal_path, version)
    if path.exists():
        return signing.read_private_key(path)
    key = signing.generate_key()
    signing.write_private_key(path, key)
    return key


def key_created_payload(key: rsa.RSAPrivateKey, version: str) -> dict[str, Any]:
    return {
        "key_version": version,
        "public_key_pem": signing.public_pem(key),
        "fingerprint": signing.fingerprint(key),
        "algorithm": ALGORITHM,
    }
