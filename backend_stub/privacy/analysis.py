"""The analysis gate: segments and personal offers only for members who consent.

Why copies: analysis never reads the purchase tables directly. A member's purchases
are copied into `analysis_purchases` only while their analysis consent holds (bought
at or after the consent was given), segments are computed only from those copies,
and only for members whose consent holds now. Withdrawing stops offers at once
(`consents.set_consent` drops the segment) and the copies are anonymised
`privacy_analysis_withdrawal_months` later (`anonymise_withdrawn`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.orm import Session

from backend_stub.core.calendar_months import months_before
from backend_stub.members.models import Member
from backend_stub.privacy.models import AnalysisPurchase, Consent, MemberSegment
from backend_stub.purchases.models import Purchase, PurchaseLine

SEGMENT_WINDOW = timedelta(days=90)
BIG_SHOPPER_ORE = 300_000
REGULAR_PURCHASES = 4
OFFER_COUNT = 3

_CONSENTING = and_(
    Consent.person_id == Member.person_id,
    Consent.purpose == "analysis",
    Consent.device_id == "",
    Consent.granted.is_(True),
)


def copy_consented(session: Session, now: datetime) -> int:
    """Copy purchases made while analysis consent held; returns how many were copied."""
    copied = select(AnalysisPurchase.purchase_pk).where(AnalysisPurchase.purchase_pk.is_not(None))
    rows = session.execute(
        select(Purchase.id, Purchase.member_id, Purchase.store_id, Purchase.completed_at)
        .add_columns(Purchase.total_ore)
        .join(Member, Member.id == Purchase.member_id)
        .join(Consent, _CONSENTING)
        .where(
            Purchase.completed_at >= Consent.changed_at,
            Purchase.training.is_(False),
            Purchase.id.not_in(copied),
        )
    ).all()
    if not rows:
        return 0
    groups: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, group, amount in session.execute(
        select(
            PurchaseLine.purchase_pk, PurchaseLine.product_group, func.sum(PurchaseLine.amount_ore)
        )
        .where(PurchaseLine.purchase_pk.in_([r[0] for r in rows]), PurchaseLine.voided.is_(False))
        .group_by(PurchaseLine.purchase_pk, PurchaseLine.product_group)
    ):
        groups[pk][group or "annet"] = int(amount)
    for pk, member_id, store_id, completed_at, total in rows:
        summary = ";".join(f"{g}={a}" for g, a in sorted(groups[pk].items()))
        session.add(
            AnalysisPurchase(
                member_id=member_id,
                purchase_pk=pk,
                store_id=store_id,
                bought_on=completed_at.date(),
                total_ore=total,
                product_groups=summary[:500],
                copied_at=now,
            )
        )
    session.flush()
    return len(rows)


def _parse_groups(text: str) -> dict[str, int]:
    pairs = (item.rsplit("=", 1) for item in text.split(";") if "=" in item)
    return {group: int(amount) for group, amount in pairs}


def segment_of(spent_ore: int, purchases: int) -> str:
    if spent_ore >= BIG_SHOPPER_ORE:
        return "storhandler"
    if purchases >= REGULAR_PURCHASES:
        return "jevnlig"
    return "innimellom"


def compute_segments(session: Session, now: datetime) -> int:
    """Recompute every consenting member's segment and offers; drop everyone else's."""
    consenting = select(Member.id).join(Consent, _CONSENTING)
    session.execute(delete(MemberSegment).where(MemberSegment.member_id.not_in(consenting)))
    since = (now - SEGMENT_WINDOW).date()
    per_member: dict[int, list[AnalysisPurchase]] = defaultdict(list)
    for row in session.scalars(
        select(AnalysisPurchase).where(
            AnalysisPurchase.member_id.in_(consenting), AnalysisPurchase.bought_on >= since
        )
    ):
        per_member[row.member_id].append(row)
    for member_id, rows in per_member.items():
        spent: dict[str, int] = defaultdict(int)
        for row in rows:
            for group, amount in _parse_groups(row.product_groups).items():
                spent[group] += amount
        top = sorted(spent, key=lambda g: (-spent[g], g))[:OFFER_COUNT]
        session.merge(
            MemberSegment(
                member_id=member_id,
                segment=segment_of(sum(r.total_ore for r in rows), len(rows)),
                offers=";".join(top),
                computed_at=now,
            )
        )
    session.flush()
    return len(per_member)


def offers_for(session: Session, member_id: int) -> dict | None:
    """The member's segment and personal offers, or None (no consent, or nothing yet)."""
    row = session.execute(
        select(MemberSegment)
        .join(Member, Member.id == MemberSegment.member_id)
        .join(Consent, _CONSENTING)
        .where(MemberSegment.member_id == member_id)
    ).scalar_one_or_none()
    if row is None:
        return None
    return {
        "segment": row.segment,
        "offers": [g for g in row.offers.split(";") if g],
        "computed_at": row.computed_at,
    }


def forget_segments(session: Session, member_ids: list[int]) -> None:
    session.execute(delete(MemberSegment).where(MemberSegment.member_id.in_(member_ids)))


def anonymise_rows(session: Session, *conditions) -> int:
    """Cut analysis rows loose from member and purchase; returns how many were linked."""
    return session.execute(
        update(AnalysisPurchase)
        .where(AnalysisPurchase.member_id.is_not(None), *conditions)
        .values(member_id=None, purchase_pk=None)
    ).rowcount


def anonymise_withdrawn(session: Session, now: datetime, months: int) -> int:
    """Anonymise the copies of members who withdrew analysis consent `months` ago or more."""
    due = months_before(now, months)
    withdrawn = (
        select(Member.id)
        .join(Consent, Consent.person_id == Member.person_id)
        .where(
            Consent.purpose == "analysis",
            Consent.granted.is_(False),
            Consent.changed_at <= due,
        )
    )
    return anonymise_rows(session, AnalysisPurchase.member_id.in_(withdrawn))
