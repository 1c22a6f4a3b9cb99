"""What `pos journal verify` tells a person, in Norwegian bokmål (default) and English.

Findings are kept as a code plus parameters (`Finding`) so programs can act on
them and people can read them in their language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("nb", "en")

_TEXTS: dict[str, dict[str, str]] = {
    "seq_gap": {
        "en": "entry seq {expected} is missing (the next stored entry is seq {found})",
        "nb": "løpenr. {expected} mangler (neste lagrede post er løpenr. {found})",
    },
    "prev_hash": {
        "en": "its prev_hash is not the hash of the entry before it "
        "(an entry was removed, inserted or rewritten)",
        "nb": "prev_hash er ikke hashen til posten foran (en post er fjernet, satt inn "
        "eller skrevet om)",
    },
    "hash": {
        "en": "its stored hash does not match its contents "
        "(the entry was changed after it was written)",
        "nb": "lagret hash stemmer ikke med innholdet (posten er endret etter at den ble skrevet)",
    },
    "register": {
        "en": "it was written for register {register} in store {store}, but the journal belongs "
        "to register {expected_register} in store {expected_store}",
        "nb": "den er skrevet for kasse {register} i butikk {store}, men journalen tilhører "
        "kasse {expected_register} i butikk {expected_store}",
    },
    "unreadable": {
        "en": "it cannot be read: {error}",
        "nb": "den kan ikke leses: {error}",
    },
    "nr_gap": {
        "en": "cash transaction nr {found} follows nr {previous} (expected nr {expected})",
        "nb": "kassetransaksjon nr. {found} kommer etter nr. {previous} (ventet nr. {expected})",
    },
    "cash_fields": {
        "en": "its cash transaction fields are incomplete or on the wrong kind of entry",
        "nb": "kassetransaksjonsfeltene er ufullstendige eller står på feil type post",
    },
    "unknown_key": {
        "en": "it is signed with key version {version}, which the journal does not record",
        "nb": "den er signert med nøkkelversjon {version}, som journalen ikke har registrert",
    },
    "key_not_given": {
        "en": "key version {version} ({fingerprint}) is not a public key you gave",
        "nb": "nøkkelversjon {version} ({fingerprint}) er ikke en offentlig nøkkel du oppga",
    },
    "key_record": {
        "en": "its recorded public key does not match its fingerprint",
        "nb": "den registrerte offentlige nøkkelen stemmer ikke med fingeravtrykket",
    },
    "bad_signature": {
        "en": "the signature does not verify with key version {version} over the signed text "
        "'{text}' (an amount, date, time or number was changed, or the signature)",
        "nb": "signaturen stemmer ikke med nøkkelversjon {version} over den signerte teksten "
        "«{text}» (et beløp, en dato, et klokkeslett eller et nummer er endret, eller signaturen)",
    },
    "triggers_missing": {
        "en": "the append-only guards are missing ({names}): the file was altered outside the till",
        "nb": "vernet mot endringer mangler ({names}): filen er endret utenfor kassen",
    },
    "meta_missing": {
        "en": "the register identity (register and store id) is missing",
        "nb": "kassens identitet (kasse- og butikk-id) mangler",
    },
    "ok": {
        "en": "journal OK: {entries} entries (seq 1–{last_seq}), {cash} cash transactions "
        "(nr 1–{last_nr}), key versions {versions} ({key_source}); "
        "register {register}, store {store}",
        "nb": "journalen er i orden: {entries} poster (løpenr. 1–{last_seq}), {cash} "
        "kassetransaksjoner (nr. 1–{last_nr}), nøkkelversjoner {versions} ({key_source}); "
        "kasse {register}, butikk {store}",
    },
    "broken_at": {
        "en": "journal BROKEN at seq {seq}{detail}: {reasons}. The {intact} entries before it "
        "are intact.",
        "nb": "journalen er BRUTT ved løpenr. {seq}{detail}: {reasons}. De {intact} postene "
        "foran er i orden.",
    },
    "broken_file": {
        "en": "journal BROKEN: {reasons}",
        "nb": "journalen er BRUTT: {reasons}",
    },
    "detail_cash": {
        "en": " (cash transaction nr {nr}, {type} at {ts})",
        "nb": " (kassetransaksjon nr. {nr}, {type} {ts})",
    },
    "detail": {
        "en": " ({type} at {ts})",
        "nb": " ({type} {ts})",
    },
    "keys_recorded": {"en": "recorded in the journal", "nb": "registrert i journalen"},
    "keys_given": {
        "en": "checked against the key you gave",
        "nb": "kontrollert mot nøkkelen du oppga",
    },
    "none": {"en": "none", "nb": "ingen"},
    "exported": {
        "en": "public key v{version} of register {register} ({fingerprint}) written to {out}",
        "nb": "offentlig nøkkel v{version} for kasse {register} ({fingerprint}) skrevet til {out}",
    },
    "no_such_key": {
        "en": "the journal has no key version {version} (it has: {versions})",
        "nb": "journalen har ingen nøkkelversjon {version} (den har: {versions})",
    },
    "not_found": {"en": "no journal at {path}", "nb": "ingen journal i {path}"},
    "failed": {"en": "pos journal: {error}", "nb": "pos journal: {error}"},
}


def text(code: str, lang: str = "nb", **params: Any) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    return _TEXTS[code][lang].format(**params)


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the journal: a message code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self, lang: str = "nb") -> str:
        return text(self.code, lang, **self.params)
