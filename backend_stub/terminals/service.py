"""Stores and their tills' API keys.

A terminal key is `ptk_<key id>_<secret>`: the key id finds the row, the whole key
is compared by SHA-256 (stored hashed, shown once when created). A key belongs to
one store and register; it cannot act for another store.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_stub.core.context import Backend
from backend_stub.core.problems import ApiProblem
from backend_stub.core.security import constant_time_equal, random_ref, random_token, sha256_hex
from backend_stub.terminals.models import BonusRule, Store, Terminal

KEY_PREFIX = "ptk_"


@dataclass(frozen=True)
class TerminalIdentity:
    id: int
    store_id: int
    register: int


def ensure_store(
    session: Session,
    store_id: int,
    *,
    name: str | None = None,
    coop_name: str | None = None,
    dividend_rate_bp: int | None = None,
) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        store = Store(id=store_id, name=name or f"Coop {store_id}", coop_name=coop_name or "")
        session.add(store)
    elif name:
        store.name = name
    if coop_name:
        store.coop_name = coop_name
    if dividend_rate_bp is not None:
        if not 0 <= dividend_rate_bp <= 10_000:
            raise ValueError("dividend rate is 0..10000 basis points")
        store.dividend_rate_bp = dividend_rate_bp
    session.flush()
    return store


def add_terminal(
    backend: Backend, session: Session, *, store_id: int, register: int, label: str = ""
) -> tuple[str, Terminal]:
    """A new key for a till: returns (the key, shown only now; the stored row)."""
    if register < 1:
        raise ValueError("register numbers start at 1")
    ensure_store(session, store_id)
    key_id = random_ref("", 12)
    key = f"{KEY_PREFIX}{key_id}_{random_token(24)}"
    terminal = Terminal(
        store_id=store_id,
        register=register,
        key_id=key_id,
        key_hash=sha256_hex(key),
        label=label,
        created_at=backend.now(),
    )
    session.add(terminal)
    session.flush()
    return key, terminal


def revoke(backend: Backend, session: Session, key_id: str) -> bool:
    terminal = session.scalar(select(Terminal).where(Terminal.key_id == key_id))
    if terminal is None or terminal.revoked_at is not None:
        return False
    terminal.revoked_at = backend.now()
    return True


def authenticate(session: Session, key: str | None) -> TerminalIdentity:
    if not key or not key.startswith(KEY_PREFIX) or key.count("_") < 2:
        raise ApiProblem("terminal_unauthorized", "send the terminal key as a bearer token")
    key_id = key[len(KEY_PREFIX) :].split("_", 1)[0]
    row = session.execute(
        select(
            Terminal.id,
            Terminal.store_id,
            Terminal.register,
            Terminal.key_hash,
            Terminal.revoked_at,
        ).where(Terminal.key_id == key_id)
    ).first()
    if (
        row is None
        or row.revoked_at is not None
        or not constant_time_equal(sha256_hex(key), row.key_hash)
    ):
        raise ApiProblem("terminal_unauthorized", "unknown or revoked terminal key")
    return TerminalIdentity(row.id, row.store_id, row.register)


def add_bonus_rule(
    session: Session,
    *,
    kind: str,
    match: str,
    rate_bp: int,
    label: str = "",
    store_id: int | None = None,
) -> BonusRule:
    if kind not in ("gtin", "product_group"):
        raise ValueError("a bonus rule matches a gtin or a product_group")
    if not 0 < rate_bp <= 10_000:
        raise ValueError("bonus rate is 1..10000 basis points")
    rule = BonusRule(
        kind=kind, match=match, rate_bp=rate_bp, label=label, store_id=store_id, active=True
    )
    session.add(rule)
    session.flush()
    return rule
