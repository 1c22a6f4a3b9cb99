"""Right of access: everything stored about one member, as machine-readable JSON.

Why derived from the metadata: the export walks every table the models declare, so a
table added later is either reached through its foreign keys (rows that point at the
member's person, member, membership or anything already exported), matched by an
explicit rule below (phone, e-mail, member reference), or named in `NOT_ABOUT_MEMBERS`.
A table in none of these fails the test suite (`unmapped_tables`), so none is forgotten.

Secrets (token and code hashes) are shown as "[hashed]" and the national id masked to
its birth-date part: the export proves they are stored without handing them out again.
An owner's export covers the account, so it holds the family's purchases credited to
it; a family member's export holds only their own rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import MetaData, Select, Table, or_, select
from sqlalchemy.orm import Session

from backend_stub.core.tables import Base
from backend_stub.members.models import Member, Membership
from backend_stub.members.people import Person
from backend_stub.outbox import service as outbox

FORMAT = "coop-member-export/1"
NOT_ABOUT_MEMBERS = frozenset(
    {
        "backend_meta",
        "stores",
        "terminals",
        "bonus_rules",
        "relogin_campaigns",
        "relogin_waves",
        "closed_card_keys",  # keyed hashes of closed cards: nobody's card any more
        "membership_settlements",  # anonymous by design
    }
)
ROOTS = ("persons", "members", "memberships")
BY_RULE = (
    "otp_challenges",
    "login_throttles",
    "outbox_messages",
    "privacy_audit_log",
    "idempotency_records",
)


def _rules(table: Table, member: Member, person: Person) -> list:
    """Conditions beyond foreign keys, per table name (OR'ed with the derived ones)."""
    c = table.c
    if table.name in ("otp_challenges", "login_throttles"):
        return [c.phone == person.phone] if person.phone else []
    if table.name == "outbox_messages":
        addresses = [a for a in (person.phone, person.email, outbox.push_address(person.id)) if a]
        return [c.address.in_(addresses)]
    if table.name == "privacy_audit_log":
        return [c.subject_ref == member.ref]
    if table.name == "idempotency_records":
        return [c.response_body.contains(f'"{member.ref}"')]
    return []


# analysis copies are the buyer's own, even when an owner's account was credited
OWN_ROWS_ONLY = {"analysis_purchases": "member_id"}


def unmapped_tables(metadata: MetaData = Base.metadata) -> list[str]:
    """Tables the export could never reach: must be empty (checked by a test)."""
    reachable = (
        set(ROOTS)
        | set(NOT_ABOUT_MEMBERS)
        | {
            "otp_challenges",
            "login_throttles",
            "outbox_messages",
            "privacy_audit_log",
            "idempotency_records",
        }
    )
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in reachable:
                continue
            if any(fk.column.table.name in reachable for fk in table.foreign_keys):
                reachable.add(table.name)
                changed = True
    return sorted(t.name for t in metadata.sorted_tables if t.name not in reachable)


def _plain(column: str, value):
    if value is None:
        return None
    if column.endswith("_hash"):
        return "[hashed]"
    if column == "national_id":
        return value[:6] + "*****"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(table: Table, row) -> dict:
    return {col.name: _plain(col.name, row._mapping[col]) for col in table.columns}


def export(session: Session, member: Member) -> dict:
    person = session.get(Person, member.person_id)
    membership = session.get(Membership, member.membership_id)
    roots = {"persons": person.id, "members": member.id}
    if member.role == "owner":
        roots["memberships"] = membership.id
    # table name -> a query for the primary keys of the member's rows in it: children are
    # matched with sub-queries, so a member with many purchases needs no huge IN lists
    owned: dict[str, Select] = {}
    tables: dict[str, list[dict]] = {}
    for table in Base.metadata.sorted_tables:
        tables[table.name] = []
        if table.name in NOT_ABOUT_MEMBERS:
            continue
        (pk,) = table.primary_key.columns
        if table.name in ROOTS:
            conditions = [pk == roots[table.name]] if table.name in roots else []
        elif table.name in OWN_ROWS_ONLY:
            conditions = [table.c[OWN_ROWS_ONLY[table.name]] == member.id]
        else:
            conditions = [
                fk.parent.in_(owned[fk.column.table.name])
                for fk in table.foreign_keys
                if fk.column.table.name in owned and fk.column.table is not table
            ]
            conditions += _rules(table, member, person)
        if not conditions:
            continue
        owned[table.name] = select(pk).where(or_(*conditions))
        rows = session.execute(select(table).where(or_(*conditions)).order_by(pk))
        tables[table.name] = [_row(table, r) for r in rows]
    return {
        "format": FORMAT,
        "member_ref": member.ref,
        "role": member.role,
        "tables": tables,
        "not_about_members": sorted(NOT_ABOUT_MEMBERS),
    }
