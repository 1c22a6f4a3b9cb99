"""The simulated chain: a terminal key per till and the member cards its shoppers show.

Why from the database: a till's key is issued by the backend (`pos-backend terminals
add`), and shoppers show cards the backend knows. So the load generator opens the
same database the server uses (the same POS_BACKEND_* settings), issues one key per
simulated till in one transaction, and samples member card numbers to show.
Stores are numbered from `first_store`, `registers_per_store` tills each.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from backend_stub.core.context import Backend
from backend_stub.members.models import Card
from backend_stub.terminals import service as terminals

CARD_SAMPLE = 20_000


@dataclass(frozen=True)
class TillSpec:
    store: int
    register: int
    key: str

    @property
    def name(self) -> str:
        return f"{self.store}/{self.register}"


def issue_tills(
    backend: Backend, count: int, *, first_store: int, registers_per_store: int = 4
) -> list[TillSpec]:
    """`count` new terminal keys, four registers to a store by default."""
    tills = []
    with backend.db.writing() as session:
        for n in range(count):
            store = first_store + n // registers_per_store
            register = n % registers_per_store + 1
            key, _row = terminals.add_terminal(
                backend, session, store_id=store, register=register, label="load generator"
            )
            tills.append(TillSpec(store, register, key))
    return tills


def member_cards(backend: Backend, rng: random.Random, sample: int = CARD_SAMPLE) -> list[str]:
    """Up to `sample` active card numbers, spread over the whole member base."""
    with backend.db.reading() as session:
        highest = session.scalar(select(Card.id).order_by(Card.id.desc()).limit(1)) or 0
        ids = None if highest <= sample else sorted(rng.sample(range(1, highest + 1), sample))
        query = select(Card.number).where(Card.status == "active")
        if ids is not None:
            query = query.where(Card.id.in_(ids))
        return list(session.scalars(query.limit(sample)))
