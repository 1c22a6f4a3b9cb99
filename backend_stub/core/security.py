"""Random references, secret tokens and how they are stored (hashed, never in clear).

- Session tokens, terminal keys and Coopay tokens are long random values, so a plain
  SHA-256 of them is a safe stored form (no dictionary to try).
- One-time SMS codes are short (6 digits): they are stored as HMAC-SHA256 under the
  backend secret and bound to their challenge id, so a copied table row is useless.
- The backend secret is the settings' `secret_key`, or one generated on first start
  and kept in the database (so restarts keep Coopay MACs and codes valid).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend_stub.core.models import MetaValue

_REF_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case
SECRET_META_KEY = "secret_key"


_REF_TABLE = bytes(ord(_REF_ALPHABET[b & 31]) for b in range(256))


def random_ref(prefix: str, length: int = 12) -> str:
    """An opaque public reference such as `m4k2v…` (member) or `CP…` (payment).

    32 symbols, so `byte & 31` picks one uniformly; 12 symbols are 60 random bits.
    """
    return prefix + secrets.token_bytes(length).translate(_REF_TABLE).decode("ascii")


def random_refs(prefix: str, count: int, length: int = 12) -> list[str]:
    """`count` references from one call to the system's random source (bulk seeding:
    one call per member was a sixth of the time)."""
    text = secrets.token_bytes(count * length).translate(_REF_TABLE).decode("ascii")
    return [prefix + text[i : i + length] for i in range(0, count * length, length)]


def random_token(nbytes: int = 32) -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(nbytes)).rstrip(b"=").decode("ascii")


def sha256_hex(value: str | bytes) -> str:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()


def hmac_hex(key: bytes, message: str | bytes) -> str:
    data = message.encode("utf-8") if isinstance(message, str) else message
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def constant_time_equal(a: str | bytes, b: str | bytes) -> bool:
    if isinstance(a, str):
        a = a.encode("utf-8")
    if isinstance(b, str):
        b = b.encode("utf-8")
    return hmac.compare_digest(a, b)


def random_digits(count: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(count))


def load_or_create_secret(session: Session, configured: str) -> bytes:
    """The backend secret: configured, else the stored one, else a new stored one."""
    if configured:
        return configured.encode("utf-8")
    stored = session.scalar(select(MetaValue.value).where(MetaValue.key == SECRET_META_KEY))
    if stored is not None:
        return bytes.fromhex(stored)
    value = secrets.token_bytes(32)
    try:
        with session.begin_nested():
            session.add(MetaValue(key=SECRET_META_KEY, value=value.hex()))
    except IntegrityError:  # another process generated it first
        stored = session.scalar(select(MetaValue.value).where(MetaValue.key == SECRET_META_KEY))
        return bytes.fromhex(stored)
    return value
