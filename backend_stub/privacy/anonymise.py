"""Cutting purchase facts loose from members: shared by retention and leaving.

Why one place: both the retention job (old purchases) and leaving the membership
(all of a member's purchases) must leave the same thing behind - amounts, lines,
stores and times intact for accounting and statistics, and no column that leads
back to a member, a family member or their app session.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from backend_stub.coopay.models import CoopayPayment, CoopayToken
from backend_stub.purchases.models import Purchase

ANONYMISED = "anonymised"


def purchases(session: Session, *conditions) -> int:
    """Anonymise the purchases matching `conditions`; returns how many were linked."""
    return session.execute(
        update(Purchase)
        .where(or_(Purchase.member_id.is_not(None), Purchase.membership_id.is_not(None)))
        .where(*conditions)
        .values(member_id=None, membership_id=None, member_resolution=ANONYMISED)
        .execution_options(synchronize_session=False)
    ).rowcount


def coopay_payments(session: Session, *conditions) -> int:
    """Coopay payments keep reference and amounts; member, account and token go."""
    linked = or_(
        CoopayPayment.member_id.is_not(None),
        CoopayPayment.membership_id.is_not(None),
        CoopayPayment.token_id.is_not(None),
    )
    return session.execute(
        update(CoopayPayment)
        .where(and_(linked, *conditions))
        .values(member_id=None, membership_id=None, token_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def coopay_tokens(session: Session, *conditions) -> int:
    """Delete one-time tokens (they name a member and a session); payments let go first."""
    doomed = select(CoopayToken.id).where(*conditions)
    session.execute(
        update(CoopayPayment)
        .where(CoopayPayment.token_id.in_(doomed))
        .values(token_id=None)
        .execution_options(synchronize_session=False)
    )
    return session.execute(
        delete(CoopayToken).where(*conditions).execution_options(synchronize_session=False)
    ).rowcount
