"""Check a journal file end to end and name the first broken link.

Reads the file read-only (the till may keep running) and walks every entry in
order, checking: the sequence has no gaps, every entry's seal verifies
(`seals.py`: no entry can be rewritten, removed or re-hashed without the
register's key), the sealed head is the journal's end (no
entries were cut off), each entry's `prev_hash` is the hash
of the one before, its own hash matches its contents, it belongs to this
register, and for cash transactions: the numbers follow each other and the
RSA-SHA1 signature verifies over the documented signed text with the key
version it names. The first entry with any finding is the broken link; every
finding at that entry is reported. An attacker who edits an amount and
recomputes the hash chain is still caught by the signature; one who re-signs
would need the register's private key.

Public keys come from the journal's own `signing.key_created` entries, or, for
a check that does not trust the file, from PEM files the auditor exported
earlier (`public_keys=`): then every key the journal used must be one of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from pos.journal import seals, signing
from pos.journal.canonical import GENESIS_HASH, entry_hash
from pos.journal.db import Database
from pos.journal.entries import STORED_COLUMNS
from pos.journal.errors import JournalError
from pos.journal.events import SIGNED_ENDS, EventType
from pos.journal.messages import Finding, text
from pos.journal.schema import APPEND_ONLY_TRIGGERS
from pos.journal.timestamps import parse_ts
from pos.journal.verify_tail import has_seal_column, tail_findings


@dataclass(frozen=True)
class BrokenLink:
    """The first entry that fails (seq None: a problem of the file, not of one entry)."""

    seq: int | None
    nr: int | None
    type: str | None
    ts: str | None
    findings: tuple[Finding, ...]


@dataclass
class VerifyReport:
    path: Path
    register_id: str | None = None
    store_id: str | None = None
    entries: int = 0
    last_seq: int = 0
    cash_transactions: int = 0
    last_nr: int = 0
    key_versions: list[str] = field(default_factory=list)
    external_keys: bool = False
    broken: BrokenLink | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def summary(self, lang: str = "nb") -> str:
        if self.broken is None:
            return text(
                "ok",
                lang,
                entries=self.entries,
                last_seq=self.last_seq,
                cash=self.cash_transactions,
                last_nr=self.last_nr,
                versions=", ".join(self.key_versions) or text("none", lang),
                key_source=text("keys_given" if self.external_keys else "keys_recorded", lang),
                register=self.register_id,
                store=self.store_id,
            )
        link = self.broken
        reasons = "; ".join(f.describe(lang) for f in link.findings)
        if link.seq is None:
            return text("broken_file", lang, reasons=reasons)
        if link.nr is not None:
            detail = text("detail_cash", lang, nr=link.nr, type=link.type, ts=link.ts)
        else:
            detail = text("detail", lang, type=link.type, ts=link.ts)
        return text(
            "broken_at", lang, seq=link.seq, detail=detail, reasons=reasons, intact=self.entries
        )


class _Walker:
    """State carried from one entry to the next while walking the chain."""

    def __init__(self, register_id: str | None, store_id: str | None,
                 given_keys: list[rsa.RSAPublicKey]) -> None:
        self.register_id = register_id
        self.store_id = store_id
        self.given = {signing.fingerprint(k) for k in given_keys}
        self.keys: dict[str, rsa.RSAPublicKey] = {}
        self.prev_seq = 0
        self.prev_hash = GENESIS_HASH
        self.last_nr = 0
        self.prev_signature = signing.FIRST_PREVIOUS_SIGNATURE
        self.sealed = 0
        self.first_unsealed: int | None = None

    def check(self, row: Mapping[str, Any]) -> list[Finding]:
        findings: list[Finding] = []
        expected_seq = self.prev_seq + 1
        if row["seq"] != expected_seq:
            findings.append(Finding("seq_gap", {"expected": expected_seq, "found": row["seq"]}))
        if row["prev_hash"] != self.prev_hash:
            findings.append(Finding("prev_hash"))
        if entry_hash(row) != row["hash"]:
            findings.append(Finding("hash"))
        if (row["register_id"], row["store_id"]) != (self.register_id, self.store_id):
            findings.append(Finding("register", {
                "register": row["register_id"], "store": row["store_id"],
                "expected_register": self.register_id, "expected_store": self.store_id,
            }))
        try:
            payload = json.loads(row["payload"])
            if not isinstance(payload, dict):
                raise ValueError("the payload is not a JSON object")
            kind = EventType(row["type"])
            if kind == EventType.SIGNING_KEY_CREATED:
                findings += self._record_key(payload)
            if kind in SIGNED_ENDS or row["trans_nr"] is not None:
                findings += self._check_cash(kind, row)
            findings += self._check_seal(row)
        except (ValueError, TypeError, KeyError, JournalError) as exc:
            findings.append(Finding("unreadable", {"error": str(exc)}))
        self.prev_seq = row["seq"] if isinstance(row["seq"], int) else self.prev_seq + 1
        self.prev_hash = row["hash"]
        return findings

    def _record_key(self, payload: Mapping[str, Any]) -> list[Finding]:
        key = signing.load_public_pem(payload["public_key_pem"])
        self.keys[payload["key_version"]] = key
        if signing.fingerprint(key) != payload["fingerprint"]:
            return [Finding("key_record")]
        return []

    def _check_seal(self, row: Mapping[str, Any]) -> list[Finding]:
        """Every entry after the first sealed one must carry a seal that verifies."""
        seal = row.get("seal")
        if seal is None:
            if self.sealed:
                return [Finding("unsealed")]
            if self.first_unsealed is None:
                self.first_unsealed = row["seq"]
            return []
        self.sealed += 1
        self.first_unsealed = None  # the legacy entries before are vouched for by this seal
        parts = seals.split_seal(seal)
        if parts is None:
            return [Finding("seal_unreadable", {"seal": str(seal)[:40]})]
        version, signature = parts
        key = self.key(version)
        if isinstance(key, Finding):
            return [key]
        if not seals.seal_verifies(key, row["seq"], row["hash"], signature):
            return [Finding("bad_seal", {"version": version})]
        return []

    def key(self, version: str) -> rsa.RSAPublicKey | Finding:
        """The public key of `version`, or the finding why it cannot be trusted."""
        key = self.keys.get(version)
        if key is None:
            return Finding("unknown_key", {"version": version})
        if self.given and signing.fingerprint(key) not in self.given:
            return Finding("key_not_given", {
                "version": version, "fingerprint": signing.fingerprint(key),
            })
        return key

    def _check_cash(self, kind: EventType, row: Mapping[str, Any]) -> list[Finding]:
        fields = ("trans_nr", "trans_kind", "amount_in", "amount_ex", "signature", "key_version")
        if kind not in SIGNED_ENDS or any(row[f] is None for f in fields):
            return [Finding("cash_fields")]
        findings = []
        nr = row["trans_nr"]
        if nr != self.last_nr + 1:
            findings.append(Finding("nr_gap", {
                "found": nr, "previous": self.last_nr, "expected": self.last_nr + 1,
            }))
        version = row["key_version"]
        key = self.key(version)
        if isinstance(key, Finding):
            findings.append(key)
        else:
            signed = signing.signed_text(
                self.prev_signature, parse_ts(row["ts"]), nr, row["amount_in"], row["amount_ex"]
            )
            if not signing.signature_verifies(key, signed, row["signature"]):
                findings.append(Finding("bad_signature", {"version": version, "text": signed}))
        self.last_nr = nr if isinstance(nr, int) else self.last_nr + 1
        self.prev_signature = row["signature"]
        return findings


def verify_journal(path: str | Path, *,
                   public_keys: Iterable[rsa.RSAPublicKey] = ()) -> VerifyReport:
    """Walk the whole journal at `path`; `report.broken` names the first broken link, if any."""
    given = list(public_keys)
    report = VerifyReport(path=Path(path), external_keys=bool(given))
    with Database.open(path, readonly=True) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        report.register_id, report.store_id = meta.get("register_id"), meta.get("store_id")
        walker = _Walker(report.register_id, report.store_id, given)
        columns = (*STORED_COLUMNS, "seal") if has_seal_column(db) else STORED_COLUMNS
        cursor = db.execute(f"SELECT {', '.join(columns)} FROM journal ORDER BY seq")
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            findings = walker.check(row)
            if findings:
                report.broken = BrokenLink(
                    seq=row["seq"],
                    nr=row["trans_nr"],
                    type=row["type"],
                    ts=row["ts"],
                    findings=tuple(findings),
                )
                break
            report.entries += 1
            report.last_seq = row["seq"]
            if row["trans_nr"] is not None:
                report.cash_transactions += 1
                report.last_nr = row["trans_nr"]
        report.key_versions = sorted(walker.keys, key=lambda v: (len(v), v))
        if report.broken is None:
            report.broken = _file_findings(db, meta)
        if report.broken is None:
            tail = tail_findings(db, register_id=report.register_id,
                                 store_id=report.store_id,
                                 last=(walker.prev_seq, walker.prev_hash) if report.entries
                                 else None,
                                 first_unsealed=walker.first_unsealed, key=walker.key)
            if tail:
                report.broken = BrokenLink(seq=None, nr=None, type=None, ts=None,
                                           findings=tuple(tail))
    return report


def _file_findings(db: Database, meta: Mapping[str, str]) -> BrokenLink | None:
    findings = []
    if not {"register_id", "store_id"} <= set(meta):
        findings.append(Finding("meta_missing"))
    triggers = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {name for (name,) in triggers}
    expected = APPEND_ONLY_TRIGGERS if has_seal_column(db) else APPEND_ONLY_TRIGGERS[:4]
    missing = [name for name in expected if name not in present]
    if missing:
        findings.append(Finding("triggers_missing", {"names": ", ".join(missing)}))
    if not findings:
        return None
    return BrokenLink(seq=None, nr=None, type=None, ts=None, findings=tuple(findings))
