"""Cards of closed memberships: refused with a reason, without keeping the card number.

Why a keyed hash: a deleted member's card number must not stay in the database, yet
the till should say "card belongs to a closed membership" rather than "unknown card".
Card numbers have few random digits, so a plain hash could be reversed by trying them
all; an HMAC under a privacy key kept in `backend_meta` cannot (without the key).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend_stub.core.models import MetaValue
from backend_stub.core.security import hmac_hex
from backend_stub.members.models import Card
from backend_stub.privacy.models import ClosedCardKey

PRIVACY_KEY_META = "privacy_card_key"


def _key(session: Session, *, create: bool) -> bytes | None:
    stored = session.scalar(select(MetaValue.value).where(MetaValue.key == PRIVACY_KEY_META))
    if stored is not None:
        return bytes.fromhex(stored)
    if not create:
        return None
    value = secrets.token_bytes(32)
    session.add(MetaValue(key=PRIVACY_KEY_META, value=value.hex()))
    session.flush()
    return value


def _identifiers(card: Card) -> list[str]:
    return [
        f"{kind}:{value}"
        for kind, value in (
            ("number", card.number),
            ("uid", card.rfid_uid),
            ("uid", card.nfc_uid),
        )
        if value
    ]


def remember(session: Session, now: datetime, cards: list[Card]) -> None:
    """Record the keyed hashes of these cards' number and UIDs (before they are deleted)."""
    key = _key(session, create=True)
    for card in cards:
        for ident in _identifiers(card):
            digest = hmac_hex(key, ident)
            if session.get(ClosedCardKey, digest) is None:
                session.add(ClosedCardKey(key_hash=digest, closed_at=now))
    session.flush()


def is_closed(session: Session, *, card_number: str | None = None, uid: str | None = None) -> bool:
    """Did this card number (or normalised UID) belong to a membership that was closed?"""
    key = _key(session, create=False)
    if key is None:
        return False
    ident = f"number:{card_number}" if card_number is not None else f"uid:{uid}"
    return session.get(ClosedCardKey, hmac_hex(key, ident)) is not None
