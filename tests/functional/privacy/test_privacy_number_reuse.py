"""A number that belonged to a member who left is never issued to anyone again.

Numbers are issued as the highest in use plus one; erasing the holder of the
highest one must not make it the next new member's number (their purchases and
the closed card's refusal at the till would then point at the wrong person).
"""

from __future__ import annotations

from sqlalchemy import select

from backend_stub.members import service as members
from backend_stub.members.models import Card, Member, Membership
from backend_stub.privacy import audit, erasure


def _owner_leaves(backend, membership_id: int) -> None:
    with backend.db.writing() as session:
        owner = session.scalar(
            select(Member).where(Member.membership_id == membership_id, Member.role == "owner")
        )
        erasure.leave(session, backend.now(), owner, audit.ADMIN_CLI)


def test_the_highest_card_number_is_not_issued_again_after_its_holder_left(backend):
    with backend.db.reading() as session:
        top = session.scalar(select(Card).order_by(Card.number.desc()).limit(1))
        top_number, membership_id = top.number, session.get(Member, top.member_id).membership_id
    _owner_leaves(backend, membership_id)
    with backend.db.writing() as session:
        assert session.scalar(select(Card).where(Card.number == top_number)) is None
        issued = members.next_card_number(session)
    assert issued > top_number


def test_the_highest_member_number_is_not_issued_again_after_its_membership_closed(backend):
    with backend.db.reading() as session:
        top = session.scalar(select(Membership).order_by(Membership.member_number.desc()).limit(1))
        top_number, membership_id = top.member_number, top.id
    _owner_leaves(backend, membership_id)
    with backend.db.writing() as session:
        issued = members.next_member_number(session)
    assert int(issued) > int(top_number)
