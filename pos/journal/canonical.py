"""One exact text for a payload, and the hash that chains journal entries.

Why canonical JSON: the hash must come out the same when the verifier reads the
row back, so the payload is stored as the very text that was hashed (sorted
keys, no spaces, UTF-8). Why no floats: money is integer øre, and a float in a
payload is a bug that would also make the stored text depend on repr().
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from pos.journal.errors import PayloadError

GENESIS_HASH = "0" * 64
"""`prev_hash` of the first entry."""

HASHED_COLUMNS = (
    "seq",
    "ts",
    "type",
    "register_id",
    "store_id",
    "operator_id",
    "training",
    "sale_id",
    "payload",
    "trans_nr",
    "trans_kind",
    "amount_in",
    "amount_ex",
    "signature",
    "key_version",
    "prev_hash",
)
"""Every stored column of a journal entry except `hash` itself."""


def _check(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise PayloadError(f"{where}: text that is not valid Unicode") from None
        return
    if isinstance(value, float):
        raise PayloadError(f"{where}: floats are not allowed (money is integer øre): {value!r}")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise PayloadError(f"{where}: keys must be text, got {key!r}")
            _check(key, where)
            _check(item, f"{where}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]")
        return
    raise PayloadError(f"{where}: {type(value).__name__} cannot be stored in the journal")


def canonical_json(payload: Mapping[str, Any]) -> str:
    """The stored text of a payload; raises `PayloadError` for anything not exactly storable."""
    if not isinstance(payload, Mapping):
        raise PayloadError(f"a payload is a mapping, got {type(payload).__name__}")
    _check(payload, "payload")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _hashable(value: Any) -> Any:
    """Stored values as JSON; blobs and reals (never written by the till) stay distinct."""
    if isinstance(value, bytes):
        return {"blob": value.hex()}
    if isinstance(value, float):
        return {"real": repr(value)}
    return value


def entry_hash(row: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of every hashed column (which includes `prev_hash`)."""
    canonical = json.dumps(
        {name: _hashable(row[name]) for name in HASHED_COLUMNS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()
