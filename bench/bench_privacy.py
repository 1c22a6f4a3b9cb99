"""Privacy work at scale: the retention job, leaving the membership, the access export.

The database holds, per purchase, a line, a dividend entry and the stored idempotent
reply (which names the member: export and leaving must find those by content).

Each figure stands beside a limit measured in the same run on a copy of the same
SQLite database:
- the privacy job anonymising every purchase older than 2 years 3 months (ledger
  roll-up, purchases, Coopay, analysis upkeep) vs raw sqlite3 running just the three
  core statements (roll-up insert, ledger delete, purchase update) in one transaction;
- leaving (all personal data of a membership erased, purchases anonymised, account
  settled) per member vs raw sqlite3 deleting/updating the same main rows by id;
- the access export (every table walked from the metadata) per member vs raw sqlite3
  selecting the member's rows from the main tables.

`--quick`: 2 000 members; full: 20 000 members. 12 purchases per member over 3 years.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from backend_stub.core.calendar_months import months_before
from backend_stub.core.clock import FixedClock
from backend_stub.core.context import Backend
from backend_stub.core.settings import BackendSettings
from backend_stub.members.models import Member
from backend_stub.privacy import access_export, audit, erasure, retention
from backend_stub.seeding.bulk import SeedOptions, seed_members
from backend_stub.terminals import service as terminals
from bench.common import Result

NOW = datetime(2028, 3, 3, 3, 0, tzinfo=UTC)
PURCHASES_PER_MEMBER = 12
SAMPLE = 100  # members left / exported


def _open(db_path: Path) -> Backend:
    settings = BackendSettings(
        db_url=f"sqlite:///{db_path}", campaign_tick_seconds=0, secret_key="bench"
    )
    return Backend.open(settings, migrate=True, clock=FixedClock(NOW))


def _purchases(backend: Backend, terminal_id: int) -> int:
    """12 purchases per owner over the last 3 years: one line, one dividend entry each."""
    rng = random.Random(7)
    with backend.db.reading() as session:
        owners = session.execute(
            select(Member.id, Member.membership_id).where(Member.role == "owner")
        ).all()
    raw = backend.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN")
        pk = 0
        with backend.db.reading() as session:
            refs = dict(session.execute(select(Member.id, Member.ref)).all())
        for member_id, membership_id in owners:
            for _ in range(PURCHASES_PER_MEMBER):
                pk += 1
                at = NOW - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
                stamp = at.replace(tzinfo=None).isoformat(sep=" ")
                total = rng.randint(2_000, 150_000)
                cursor.execute(
                    "INSERT INTO purchases (id, purchase_id, kind, store_id, register, "
                    "terminal_id, receipt_number, completed_at, received_at, training, "
                    "member_id, membership_id, member_resolution, total_ore, eligible_ore, "
                    "dividend_rate_bp, bonus_ore, dividend_ore) VALUES "
                    "(?, ?, 'sale', 1001, 1, ?, ?, ?, ?, 0, ?, ?, 'card', ?, ?, 150, 0, ?)",
                    (
                        pk,
                        f"bench-{pk:012d}",
                        terminal_id,
                        str(pk),
                        stamp,
                        stamp,
                        member_id,
                        membership_id,
                        total,
                        total,
                        total * 150 // 10_000,
                    ),
                )
                cursor.execute(
                    "INSERT INTO purchase_lines (purchase_pk, line_no, name, product_group, "
                    "unit_price_ore, amount_ore, discount_ore, vat_rate, dividend_eligible, "
                    "voided, bonus_ore) VALUES (?, 1, 'Vare', 'meieri', ?, ?, 0, 15, 1, 0, 0)",
                    (pk, total, total),
                )
                cursor.execute(  # the stored reply a retry would get (names the member)
                    "INSERT INTO idempotency_records (store_id, key, endpoint, request_hash, "
                    "status_code, response_body, created_at) VALUES (1001, ?, 'purchases', "
                    "'x', 201, ?, ?)",
                    (
                        f"bench-{pk:012d}",
                        f'{{"member": {{"member_ref": "{refs[member_id]}"}}}}',
                        stamp,
                    ),
                )
                cursor.execute(
                    "INSERT INTO ledger_entries (membership_id, member_id, purchase_pk, kind, "
                    "amount_ore, created_at) VALUES (?, ?, ?, 'dividend', ?, ?)",
                    (membership_id, member_id, pk, total * 150 // 10_000, stamp),
                )
        cursor.execute("COMMIT")
        return pk
    finally:
        raw.close()


def _raw(path: Path) -> sqlite3.Connection:
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    return raw


def _raw_retention(path: Path, cutoff: datetime) -> float:
    raw = _raw(path)
    stamp = cutoff.replace(tzinfo=None).isoformat(sep=" ")
    old = "SELECT id FROM purchases WHERE completed_at < ? AND member_id IS NOT NULL"
    started = time.perf_counter()
    raw.execute("BEGIN IMMEDIATE")
    raw.execute(
        "INSERT INTO ledger_entries (membership_id, kind, amount_ore, created_at) "
        f"SELECT membership_id, kind, sum(amount_ore), ? FROM ledger_entries "
        f"WHERE purchase_pk IN ({old}) GROUP BY membership_id, kind",
        (stamp, stamp),
    )
    raw.execute(f"DELETE FROM ledger_entries WHERE purchase_pk IN ({old})", (stamp,))
    raw.execute(
        "UPDATE purchases SET member_id = NULL, membership_id = NULL, "
        "member_resolution = 'anonymised' WHERE completed_at < ? AND member_id IS NOT NULL",
        (stamp,),
    )
    raw.execute("COMMIT")
    seconds = time.perf_counter() - started
    raw.close()
    return seconds


def _raw_leave(path: Path, people: list[tuple[int, int, int]]) -> float:
    """(member id, membership id, person id) each: the main erasure statements, 1 txn each."""
    raw = _raw(path)
    raw.execute("PRAGMA foreign_keys=OFF")
    started = time.perf_counter()
    for member_id, membership_id, person_id in people:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            "UPDATE purchases SET member_id = NULL, membership_id = NULL WHERE membership_id = ?",
            (membership_id,),
        )
        raw.execute(
            "UPDATE ledger_entries SET member_id = NULL, membership_id = NULL "
            "WHERE membership_id = ?",
            (membership_id,),
        )
        for sql, value in (
            ("DELETE FROM cards WHERE member_id = ?", member_id),
            ("DELETE FROM app_sessions WHERE person_id = ?", person_id),
            ("DELETE FROM digital_accounts WHERE person_id = ?", person_id),
            ("DELETE FROM outbox_messages WHERE person_id = ?", person_id),
            ("DELETE FROM members WHERE id = ?", member_id),
            ("DELETE FROM memberships WHERE id = ?", membership_id),
            ("DELETE FROM persons WHERE id = ?", person_id),
        ):
            raw.execute(sql, (value,))
        raw.execute("COMMIT")
    seconds = time.perf_counter() - started
    raw.close()
    return seconds / len(people)


def _raw_export(path: Path, people: list[tuple[int, int, int]]) -> float:
    raw = _raw(path)
    started = time.perf_counter()
    for member_id, membership_id, person_id in people:
        raw.execute("SELECT * FROM persons WHERE id = ?", (person_id,)).fetchall()
        raw.execute("SELECT * FROM members WHERE id = ?", (member_id,)).fetchall()
        raw.execute("SELECT * FROM memberships WHERE id = ?", (membership_id,)).fetchall()
        raw.execute("SELECT * FROM cards WHERE member_id = ?", (member_id,)).fetchall()
        raw.execute("SELECT * FROM app_sessions WHERE person_id = ?", (person_id,)).fetchall()
        raw.execute("SELECT * FROM digital_accounts WHERE person_id = ?", (person_id,)).fetchall()
        ids = [
            r[0]
            for r in raw.execute(
                "SELECT id FROM purchases WHERE membership_id = ?", (membership_id,)
            )
        ]
        raw.execute(
            f"SELECT * FROM purchases WHERE id IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        raw.execute(
            f"SELECT * FROM purchase_lines WHERE purchase_pk IN ({','.join('?' * len(ids))})", ids
        ).fetchall()
        raw.execute(
            "SELECT * FROM ledger_entries WHERE membership_id = ?", (membership_id,)
        ).fetchall()
    seconds = time.perf_counter() - started
    raw.close()
    return seconds / len(people)


def run(quick: bool) -> list[Result]:
    members = 2_000 if quick else 20_000
    work = Path(tempfile.mkdtemp(prefix="bench-privacy-"))
    try:
        db_path = work / "backend.sqlite3"
        backend = _open(db_path)
        with backend.db.writing() as session:
            _, terminal = terminals.add_terminal(backend, session, store_id=1001, register=1)
        seed_members(backend, SeedOptions(members=members, random_seed=3, family_share=0.0))
        purchases = _purchases(backend, terminal.id)
        with backend.db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        raw_path = work / "raw.sqlite3"
        shutil.copyfile(db_path, raw_path)
        cutoff = months_before(NOW, 27)

        started = time.perf_counter()
        report = retention.run_in_transaction(backend, NOW)
        job_seconds = time.perf_counter() - started
        raw_job = _raw_retention(raw_path, cutoff)
        results = [
            Result(
                f"privacy job, {purchases:,} purchases",
                job_seconds,
                "s",
                limit=raw_job,
                limit_name="raw sqlite3, 3 core statements",
                extra={
                    "anonymised": report.purchases_anonymised,
                    "rolled_up": report.ledger_entries_rolled_up,
                },
            )
        ]

        with backend.db.reading() as session:
            sample = session.execute(
                select(Member.id, Member.membership_id, Member.person_id)
                .where(Member.role == "owner")
                .order_by(Member.id)
                .limit(SAMPLE)
            ).all()
        started = time.perf_counter()
        for member_id, _, _ in sample:
            with backend.db.reading() as session:
                access_export.export(session, session.get(Member, member_id))
        export_each = (time.perf_counter() - started) / len(sample)
        results.append(
            Result(
                "access export per member",
                export_each * 1000,
                "ms",
                limit=_raw_export(raw_path, sample) * 1000,
                limit_name="raw sqlite3, main tables",
            )
        )

        scanning = writing = 0.0
        for member_id, _, _ in sample:
            started = time.perf_counter()
            with backend.db.reading() as session:
                member = session.get(Member, member_id)
                replies = erasure.scan_replies(session, erasure.leaving_refs(session, member))
            middle = time.perf_counter()
            with backend.db.writing() as session:
                member = session.get(Member, member_id)
                erasure.leave(session, NOW, member, audit.ADMIN_CLI, replies)
            scanning += middle - started
            writing += time.perf_counter() - middle
        raw_leave = _raw_leave(raw_path, sample) * 1000
        results += [
            Result(
                "leaving per member, write transaction",
                writing / len(sample) * 1000,
                "ms",
                limit=raw_leave,
                limit_name="raw sqlite3, main statements",
            ),
            Result(
                "leaving per member, reply scan (read, before)",
                scanning / len(sample) * 1000,
                "ms",
                extra={"stored_replies": purchases},
            ),
        ]
        backend.close()
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)
