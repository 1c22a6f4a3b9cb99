"""Afterwards, in the database: was every purchase counted exactly once?

For every purchase the tills got an answer for: exactly one purchase row, and ledger
credits (bonus, kjøpeutbytte) equal to what the answer said was earned: no purchase
lost, none counted twice, and the ledger balances with what the tills were told.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from backend_stub.core.context import Backend
from backend_stub.purchases.models import LedgerEntry, Purchase

CHUNK = 500


@dataclass
class Verdict:
    answered: int = 0
    recorded: int = 0
    missing: list[str] = field(default_factory=list)
    counted_twice: list[str] = field(default_factory=list)
    ledger_mismatches: list[str] = field(default_factory=list)
    ledger_told_ore: int = 0
    ledger_booked_ore: int = 0

    @property
    def exactly_once(self) -> bool:
        return not (self.missing or self.counted_twice or self.ledger_mismatches) and (
            self.ledger_told_ore == self.ledger_booked_ore
        )

    def as_dict(self) -> dict:
        return {
            "exactly_once": self.exactly_once,
            "answered": self.answered,
            "recorded": self.recorded,
            "missing": self.missing[:10],
            "counted_twice": self.counted_twice[:10],
            "ledger_mismatches": self.ledger_mismatches[:10],
            "ledger_told_ore": self.ledger_told_ore,
            "ledger_booked_ore": self.ledger_booked_ore,
        }


def _told(answer: dict) -> dict[str, int]:
    if answer.get("account") is None:  # not credited: anonymous, refused card, training
        return {}
    earned = answer["earned"]
    return {
        kind: amount
        for kind, amount in (("bonus", earned["bonus_ore"]), ("dividend", earned["dividend_ore"]))
        if amount
    }


def check(backend: Backend, answers: dict[str, dict]) -> Verdict:
    verdict = Verdict(answered=len(answers))
    ids = list(answers)
    rows: dict[str, list[int]] = defaultdict(list)
    booked: dict[int, dict[str, int]] = defaultdict(dict)
    with backend.db.reading() as session:
        for first in range(0, len(ids), CHUNK):
            chunk = ids[first : first + CHUNK]
            found = session.execute(
                select(Purchase.purchase_id, Purchase.id).where(Purchase.purchase_id.in_(chunk))
            ).all()
            for purchase_id, pk in found:
                rows[purchase_id].append(pk)
            pks = [pk for _, pk in found]
            for pk, kind, amount in session.execute(
                select(LedgerEntry.purchase_pk, LedgerEntry.kind, func.sum(LedgerEntry.amount_ore))
                .where(LedgerEntry.purchase_pk.in_(pks))
                .group_by(LedgerEntry.purchase_pk, LedgerEntry.kind)
            ):
                booked[pk][kind] = int(amount)
    for purchase_id, answer in answers.items():
        pks = rows.get(purchase_id, [])
        if not pks:
            verdict.missing.append(purchase_id)
            continue
        verdict.recorded += 1
        if len(pks) > 1:
            verdict.counted_twice.append(purchase_id)
        told = _told(answer)
        on_books = {}
        for pk in pks:
            for kind, amount in booked.get(pk, {}).items():
                on_books[kind] = on_books.get(kind, 0) + amount
        verdict.ledger_told_ore += sum(told.values())
        verdict.ledger_booked_ore += sum(on_books.values())
        if told != on_books:
            verdict.ledger_mismatches.append(purchase_id)
    return verdict
