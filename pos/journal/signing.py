"""The signature chain of cash transactions and the register's signing key.

The cash register regulation (kassasystemforskriften) and SAF-T Cash Register
ask every cash transaction to be signed with RSA-SHA1, a 1024-bit key with
exponent 65537, PKCS#1 v1.5 padding, base64, over the text

    previous_signature;transDate;transTime;nr;transAmntIn;transAmntEx

with `0` as the previous signature of the first transaction, the date as
`YYYY-MM-DD`, the time as `HH:MM:SS` (local time) and amounts with two
decimals and a dot. SHA-1 and 1024 bits are weak by today's standards; they
are what the regulation and the tax administration's verifiers expect, so
they are used exactly and only here.

The private key is generated per register on first start and kept beside the
journal as a PEM file readable by its owner only; each key has a version
(`keyVersion`, "1", "2", …) and its public key is written into the journal
itself (`signing.key_created`), so the journal file alone can be verified and
the public key exported.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from pos.domain.clock import to_oslo
from pos.domain.money import Ore, two_decimals
from pos.journal.errors import SigningKeyError

KEY_SIZE = 1024
PUBLIC_EXPONENT = 65537
FIRST_PREVIOUS_SIGNATURE = "0"


def signed_text(previous_signature: str, moment: datetime, nr: int, amount_in: Ore,
                amount_ex: Ore) -> str:
    """The exact text that is signed for cash transaction `nr` at `moment` (Oslo time)."""
    local = to_oslo(moment)
    return ";".join(
        (
            previous_signature,
            local.strftime("%Y-%m-%d"),
            local.strftime("%H:%M:%S"),
            str(nr),
            two_decimals(amount_in),
            two_decimals(amount_ex),
        )
    )


def sign(key: rsa.RSAPrivateKey, text: str,
         algorithm: hashes.HashAlgorithm | None = None) -> str:
    """Base64 of the RSA PKCS#1 v1.5 signature of `text` (UTF-8); SHA-1 unless told."""
    raw = key.sign(text.encode("utf-8"), padding.PKCS1v15(), algorithm or hashes.SHA1())
    return base64.b64encode(raw).decode("ascii")


def signature_verifies(public_key: rsa.RSAPublicKey, text: str, signature: str,
                       algorithm: hashes.HashAlgorithm | None = None) -> bool:
    """True when `signature` (base64) is a valid RSA signature of `text` (SHA-1 unless told)."""
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, text.encode("utf-8"), padding.PKCS1v15(),
                          algorithm or hashes.SHA1())
    except (InvalidSignature, binascii.Error, ValueError, TypeError):
        return False
    return True


def generate_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=KEY_SIZE)


def key_path(journal_path: Path, key_version: str) -> Path:
    """`till.sqlite` → `till.sqlite.signing-key-v1.pem`, beside the journal."""
    return journal_path.with_name(f"{journal_path.name}.signing-key-v{key_version}.pem")


def public_pem(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> str:
    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def load_public_pem(text: str | bytes) -> rsa.RSAPublicKey:
    data = text.encode("ascii") if isinstance(text, str) else text
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(f"not a PEM public key: {exc}") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise SigningKeyError(f"not an RSA public key but {type(key).__name__}")
    return key


def fingerprint(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> str:
    """`sha256:<hex>` of the public key's DER (SubjectPublicKeyInfo): short enough to compare."""
    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    der = public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "sha256:" + hashlib.sha256(der).hexdigest()


def write_private_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    """Create the key file owner-only (0600), never overwriting, durably (file and directory)."""
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(f"{path} exists; a signing key is never overwritten") from None
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_private_key(path: Path) -> rsa.RSAPrivateKey:
    """Load the register's key; refuse one that others can read (like ssh does)."""
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(f"the signing key {path} is missing") from None
    except OSError as exc:
        raise SigningKeyError(f"cannot read the signing key {path}: {exc}") from exc
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(
            f"the signing key {path} is readable by others (mode {stat.S_IMODE(mode):04o}); "
            "run chmod 600 on it"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise SigningKeyError(f"{path} is not a usable PEM private key: {exc}") from exc
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size != KEY_SIZE:
        raise SigningKeyError(f"{path} is not a {KEY_SIZE}-bit RSA key")
    return key
