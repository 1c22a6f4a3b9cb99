"""The owner's account: bonus and kjøpeutbytte credited, and who in the family bought."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend_stub.core.identity import initials
from backend_stub.members.models import Member
from backend_stub.members.people import Person
from backend_stub.purchases.models import LedgerEntry, Purchase


def balances(session: Session, membership_id: int) -> dict[str, int]:
    rows = session.execute(
        select(LedgerEntry.kind, func.coalesce(func.sum(LedgerEntry.amount_ore), 0))
        .where(LedgerEntry.membership_id == membership_id)
        .group_by(LedgerEntry.kind)
    )
    totals = {"bonus_ore": 0, "dividend_ore": 0}
    for kind, amount in rows:
        totals[f"{kind}_ore"] = int(amount)
    return totals


def entries(
    session: Session, membership_id: int, *, member_id: int | None = None, limit: int = 50
) -> list[dict]:
    """Newest first; `member_id` narrows to one buyer (a family member sees their own)."""
    query = (
        select(LedgerEntry, Purchase, Member, Person)
        .join(Purchase, Purchase.id == LedgerEntry.purchase_pk)
        .join(Member, Member.id == LedgerEntry.member_id)
        .join(Person, Person.id == Member.person_id)
        .where(LedgerEntry.membership_id == membership_id)
        .order_by(LedgerEntry.id.desc())
        .limit(limit)
    )
    if member_id is not None:
        query = query.where(LedgerEntry.member_id == member_id)
    return [
        {
            "kind": entry.kind,
            "amount_ore": entry.amount_ore,
            "purchase_id": purchase.purchase_id,
            "purchase_kind": purchase.kind,
            "store": purchase.store_id,
            "bought_by": {
                "member_ref": member.ref,
                "role": member.role,
                "initials": initials(person.given_name, person.family_name),
            },
            "created_at": entry.created_at,
        }
        for entry, purchase, member, person in session.execute(query)
    ]
