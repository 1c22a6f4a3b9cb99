"""Privacy commands: `member export|leave`, `consent show|set`, `retention run`, `audit`.

Member services act as an "admin" actor in the audit log, named by `--actor` (default:
the operating-system user), never an anonymous "cli". `retention run --now` runs
the privacy job as of another moment (a dry rehearsal of what a date will anonymise
is a copy of the database plus `--now`).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from backend_stub.vocabulary import CONSENT_PURPOSES

if TYPE_CHECKING:  # annotations only: the commands import these when they run
    from backend_stub.core.settings import BackendSettings
    from backend_stub.members.models import Member
    from backend_stub.privacy import audit


def _who(parser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--member", "--member-ref", dest="member",
                       help="member reference (as the till sees it)")
    group.add_argument("--card", help="member card number")
    parser.add_argument("--actor", help="who does this, for the audit log (default: the "
                                        "operating-system user)")


def _admin(args) -> audit.Actor:
    """The person behind a member-services command: named in every audit entry it writes."""
    from backend_stub.privacy import audit

    name = (getattr(args, "actor", None) or "").strip() or _os_user()
    return audit.Actor("admin", name[:64])


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container): still not anonymous
        return f"uid-{os.getuid()}"


def register(commands) -> None:
    member = commands.add_parser(
        "member", help="a member's balance, right of access and leaving the membership")
    sub = member.add_subparsers(dest="action", required=True)
    export = sub.add_parser("export", help="everything stored about a member, as JSON")
    _who(export)
    export.add_argument("--out", help="write to this file instead of stdout")
    export.set_defaults(handler=run_export)
    leave = sub.add_parser("leave", help="utmelding: delete all personal data (irreversible)")
    _who(leave)
    leave.add_argument("--yes", action="store_true", help="confirm; nothing happens without it")
    leave.set_defaults(handler=run_leave)
    from backend_stub.cli import balance  # it builds on this module's helpers

    balance.register(sub)

    consent = commands.add_parser("consent", help="a member's consents and their history")
    csub = consent.add_subparsers(dest="action", required=True)
    show = csub.add_parser("show")
    _who(show)
    show.set_defaults(handler=run_consent_show)
    change = csub.add_parser("set")
    _who(change)
    change.add_argument("--purpose", required=True, choices=CONSENT_PURPOSES)
    change.add_argument("--granted", required=True, choices=["yes", "no"])
    change.add_argument("--device", default="", help="the device, for push")
    change.set_defaults(handler=run_consent_set)

    ret = commands.add_parser("retention", help="the privacy job (retention, 6-month rule)")
    rsub = ret.add_subparsers(dest="action", required=True)
    run = rsub.add_parser("run", help="run it now (or as of --now)")
    run.add_argument("--now", help="ISO time with offset, e.g. 2028-06-01T03:00:00+02:00")
    run.set_defaults(handler=run_retention)

    log = commands.add_parser("audit", help="who read or changed a member's personal data")
    log.add_argument("--member", required=True, help="member reference")
    log.set_defaults(handler=run_audit)


def resolve_member(session, *, ref: str | None = None, card: str | None = None) -> Member:
    """The member named by reference or card; typed problems for unknown or closed."""
    from sqlalchemy import select

    from backend_stub.core.problems import ApiProblem
    from backend_stub.members import service as members
    from backend_stub.members.models import Card, Member

    if ref is not None:
        found = session.scalar(select(Member).where(Member.ref == ref))
        if found is None:
            raise ApiProblem("not_found", f"no member {ref}")
        return found
    number = members.card_number_from_barcode(card or "")
    row = session.scalar(select(Card).where(Card.number == number))
    if row is None:
        raise members.unknown_card_problem(session, card_number=number)
    return session.get(Member, row.member_id)


def _with_member(args, settings: BackendSettings, work, *, write: bool):
    from backend_stub.core.context import Backend

    backend = Backend.open(settings)
    try:
        opener = backend.db.writing if write else backend.db.reading
        with opener() as session:
            member = resolve_member(session, ref=args.member, card=getattr(args, "card", None))
            return work(backend, session, member)
    finally:
        backend.close()


def run_export(args, settings: BackendSettings) -> int:
    from backend_stub.privacy import access_export, audit

    def work(backend, session, member):
        audit.record(
            session, backend.now(), _admin(args), "export", "everything", subject_ref=member.ref
        )
        document = access_export.export(session, member)
        document["generated_at"] = backend.now().isoformat()
        return document

    document = _with_member(args, settings, work, write=True)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if args.out:
        # everything about a person: readable by its owner only, also if the file existed
        descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        rows = sum(len(v) for v in document["tables"].values())
        print(f"wrote {rows} rows from {len(document['tables'])} tables to {args.out}")
    else:
        print(text)
    return 0


def run_leave(args, settings: BackendSettings) -> int:
    from backend_stub.privacy import erasure

    if not args.yes:
        print("pos-backend: leaving deletes all personal data; add --yes", file=sys.stderr)
        return 2
    replies = _with_member(  # the slow search for stored replies, without the write lock
        args,
        settings,
        lambda _backend, session, member: erasure.scan_replies(
            session, erasure.leaving_refs(session, member)
        ),
        write=False,
    )
    receipt = _with_member(
        args,
        settings,
        lambda backend, session, member: erasure.leave(
            session, backend.now(), member, _admin(args), replies
        ),
        write=True,
    )
    _checkpoint(settings)  # erased values must not linger in SQLite's write-ahead log
    print(json.dumps(receipt.as_dict(), indent=2))
    return 0


def _checkpoint(settings: BackendSettings) -> None:
    from backend_stub.core.context import Backend

    backend = Backend.open(settings)
    try:
        backend.db.checkpoint()
    finally:
        backend.close()


def run_consent_show(args, settings: BackendSettings) -> int:
    from backend_stub.privacy import audit, consents

    def work(backend, session, member):
        audit.record(
            session, backend.now(), _admin(args), "read", "consents", subject_ref=member.ref
        )
        return consents.current(session, member.person_id), consents.history(
            session, member.person_id
        )

    current, history = _with_member(args, settings, work, write=True)
    for c in current:
        device = f" ({c['device_id']})" if c["device_id"] else ""
        state = "ja" if c["granted"] else "nei"
        print(f"{c['purpose']}{device}: {state}  {c['at'] or '-'} {c['source'] or ''}")
    print(f"{len(history)} change(s) in the history")
    return 0


def run_consent_set(args, settings: BackendSettings) -> int:
    from backend_stub.privacy import audit, consents

    granted = args.granted == "yes"

    def work(backend, session, member):
        now = backend.now()
        consents.set_consent(
            session,
            now,
            member.person_id,
            args.purpose,
            granted,
            source="admin",
            device_id=args.device,
        )
        audit.record(
            session,
            now,
            _admin(args),
            "change",
            f"consent:{args.purpose}",
            subject_ref=member.ref,
            detail="granted" if granted else "withdrawn",
        )

    _with_member(args, settings, work, write=True)
    print(f"{args.purpose}: {'granted' if granted else 'withdrawn'}")
    return 0


def run_retention(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.privacy import retention

    now = datetime.fromisoformat(args.now) if args.now else None
    if now is not None and now.tzinfo is None:
        raise ValueError("--now needs an offset, e.g. 2028-06-01T03:00:00+02:00")
    backend = Backend.open(settings)
    try:
        report = retention.run_in_transaction(backend, now)
    finally:
        backend.close()
    for key, value in report.as_dict().items():
        print(f"{key}: {value.isoformat() if isinstance(value, datetime) else value}")
    return 0


def run_audit(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.privacy import audit

    backend = Backend.open(settings)
    try:
        with backend.db.reading() as session:
            rows = audit.entries_for(session, args.member)
    finally:
        backend.close()
    for r in rows:
        when = r.at.astimezone(backend.tz).strftime("%Y-%m-%d %H:%M:%S")
        print(f"{when} {r.actor_kind}:{r.actor} {r.action} {r.what} {r.detail}".rstrip())
    return 0
