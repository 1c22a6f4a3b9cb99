"""Bulk synthetic members: the co-op's 2 000 000 in minutes, not hours.

Why raw `executemany` with precomputed ids instead of the ORM: at this size the
per-row cost of ORM objects and type processors dominates. Rows are plain tuples,
ids are assigned here (then PostgreSQL's sequences are moved past them), and each
batch is one transaction. The shares default to the brief: one in four members uses
Coopay, most have a digital account (with an old-style app session from before the
campaign), a few have family members.

Synthetic identities only: names from common-name lists, phone numbers `+474…`
derived from the person id, national ids valid by checksum but generated.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from backend_stub.core.context import Backend
from backend_stub.core.identity import make_national_id
from backend_stub.core.security import random_refs
from backend_stub.login.models import AppSession
from backend_stub.members import service as members
from backend_stub.members.models import Card, Member, Membership
from backend_stub.members.people import Person
from backend_stub.seeding.names import FAMILY_NAMES, GIVEN_NAMES, PLACES, STREETS, email_local
from pos.formats.member_card import DEFAULT_FORMAT

FIRST_BULK_SERIAL = 100  # card serials below this are kept for the demo set
_BIRTH_START = date(1940, 1, 1)
_BIRTH_DAYS = (date(2005, 12, 31) - _BIRTH_START).days
_MAX_SLOT = 95  # national id individual numbers ≤ 479; the demo set uses 480-499
_TABLES_WITH_IDS = ("persons", "memberships", "members", "cards", "app_sessions")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SeedOptions:
    members: int
    digital_share: float = 0.80
    coopay_share: float = 0.25
    family_share: float = 0.04
    legacy_session_share: float = 0.90
    new_login_share: float = 0.05
    rfid_share: float = 0.30
    nfc_share: float = 0.10
    batch: int = 10_000
    random_seed: int | None = None


@dataclass
class SeedReport:
    owners: int = 0
    family: int = 0
    digital: int = 0
    coopay: int = 0
    cards: int = 0
    legacy_sessions: int = 0
    seconds: float = 0.0


def _national_id(person_id: int, birth: date) -> str | None:
    """Unique by construction: the person id picks the birth date and a block of five
    individual numbers; the first valid one in the block is used (or none, rarely)."""
    slot = person_id // _BIRTH_DAYS
    if slot > _MAX_SLOT:
        return None
    candidate = make_national_id(birth, slot * 5)
    base = 500 if birth.year >= 2000 else 0
    if candidate is None or (int(candidate[6:9]) - base) // 5 != slot:
        return None
    return candidate


class _Randomness:
    """Public references and session tokens drawn from the system's random source a few
    thousand at a time (one call per member was a sixth of the seeding time)."""

    CHUNK = 4096

    def __init__(self) -> None:
        self._refs: dict[str, list[str]] = {}
        self._hex: list[str] = []

    def ref(self, prefix: str) -> str:
        pool = self._refs.setdefault(prefix, [])
        if not pool:
            pool.extend(random_refs(prefix, self.CHUNK))
        return pool.pop()

    def token_hex(self) -> str:
        if not self._hex:
            text = secrets.token_bytes(32 * self.CHUNK).hex()
            self._hex.extend(text[i : i + 64] for i in range(0, len(text), 64))
        return self._hex.pop()


SQLITE_BULK_CACHE_KIB = 262_144  # the page cache a seeding connection uses (256 MiB)


class _Inserter:
    """Plain tuples to the driver: executemany on SQLite (with a page cache big enough
    for the unique indexes of millions of rows), COPY on PostgreSQL."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        if self.sqlite:
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_BULK_CACHE_KIB}")

    def time(self, moment: datetime):
        """How a time is passed: SQLAlchemy's SQLite text format (naive UTC) or aware."""
        if self.sqlite:
            return moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return moment

    def day(self, value: date):
        return value.isoformat() if self.sqlite else value

    def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if not self.sqlite:
            driver = self.connection.connection.driver_connection  # psycopg, same transaction
            with (
                driver.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join([self.mark] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        self.connection.exec_driver_sql(sql, rows)


def _next_ids(backend: Backend) -> dict[str, int]:
    with backend.db.reading() as session:
        ids = {
            "persons": session.scalar(select(func.max(Person.id))) or 0,
            "memberships": session.scalar(select(func.max(Membership.id))) or 0,
            "members": session.scalar(select(func.max(Member.id))) or 0,
            "cards": session.scalar(select(func.max(Card.id))) or 0,
            "app_sessions": session.scalar(select(func.max(AppSession.id))) or 0,
        }
        # the same numbering as single issues: never a number a member who left had
        serial = members.next_card_serial(session)
        member_number = int(members.next_member_number(session))
    next_ids = {k: v + 1 for k, v in ids.items()}
    next_ids["serial"] = max(serial, FIRST_BULK_SERIAL)
    next_ids["member_number"] = member_number
    return next_ids


def _sync_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in _TABLES_WITH_IDS:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        )


class _Batch:
    """Rows for one batch of owners (and their families), built then inserted together."""

    def __init__(self, ins: _Inserter, now: datetime, randomness: _Randomness) -> None:
        self.ins = ins
        self.random = randomness
        self.now = ins.time(now)
        self.persons: list[tuple] = []
        self.memberships: list[tuple] = []
        self.members: list[tuple] = []
        self.accounts: list[tuple] = []
        self.cards: list[tuple] = []
        self.sessions: list[tuple] = []

    def flush(self) -> None:
        ins = self.ins
        ins.insert(
            "persons",
            (
                "id",
                "national_id",
                "given_name",
                "family_name",
                "birth_date",
                "phone",
                "email",
                "address_line",
                "postal_code",
                "city",
                "created_at",
            ),
            self.persons,
        )
        ins.insert(
            "memberships",
            ("id", "member_number", "owner_person_id", "status", "joined_at"),
            self.memberships,
        )
        ins.insert(
            "members",
            (
                "id",
                "ref",
                "person_id",
                "membership_id",
                "role",
                "status",
                "coopay_allowed",
                "added_at",
            ),
            self.members,
        )
        ins.insert(
            "digital_accounts",
            (
                "person_id",
                "created_at",
                "new_login_at",
                "coopay_enabled",
                "coopay_card_masked",
                "coopay_card_status",
            ),
            self.accounts,
        )
        ins.insert(
            "cards",
            ("id", "number", "member_id", "kind", "rfid_uid", "nfc_uid", "status", "issued_at"),
            self.cards,
        )
        ins.insert(
            "app_sessions",
            (
                "id",
                "public_id",
                "token_hash",
                "person_id",
                "device_id",
                "device_name",
                "login_method",
                "created_at",
                "last_seen_at",
            ),
            self.sessions,
        )


def seed_members(
    backend: Backend, options: SeedOptions, progress: Progress | None = None
) -> SeedReport:
    started = time.perf_counter()
    rng = random.Random(options.random_seed)
    ids = _next_ids(backend)
    report = SeedReport()
    now = backend.now()
    digital = options.digital_share
    coopay_given_digital = options.coopay_share / digital if digital else 0.0
    randomness = _Randomness()
    done = 0
    while done < options.members:
        size = min(options.batch, options.members - done)
        with backend.db.write_connection() as connection:
            batch = _Batch(_Inserter(connection), now, randomness)
            for _ in range(size):
                _owner(batch, ids, rng, options, coopay_given_digital, report)
            batch.flush()
            _sync_sequences(connection)
        done += size
        if progress is not None:
            progress(done, options.members)
    report.seconds = time.perf_counter() - started
    return report


def _person(
    batch: _Batch,
    ids: dict,
    rng: random.Random,
    birth: date,
    family_name: str,
    place: tuple[str, str],
    street: str,
    with_national_id: bool,
) -> int:
    person_id = ids["persons"]
    ids["persons"] += 1
    given = rng.choice(GIVEN_NAMES)
    batch.persons.append(
        (
            person_id,
            _national_id(person_id, birth) if with_national_id else None,
            given,
            family_name,
            batch.ins.day(birth),
            f"+474{person_id:07d}" if person_id < 10_000_000 else None,
            f"{email_local(given, family_name)}{person_id}@example.no",
            street,
            place[0],
            place[1],
            batch.now,
        )
    )
    return person_id


def _card(
    batch: _Batch, ids: dict, rng: random.Random, member_id: int, kind: str, options: SeedOptions
) -> None:
    card_id = ids["cards"]
    ids["cards"] += 1
    serial = ids["serial"]
    ids["serial"] += 1
    rfid = f"0A{serial:08X}" if kind == "physical" and rng.random() < options.rfid_share else None
    nfc = f"04{serial:012X}" if kind == "physical" and rng.random() < options.nfc_share else None
    batch.cards.append(
        (card_id, DEFAULT_FORMAT.make(serial), member_id, kind, rfid, nfc, "active", batch.now)
    )


def _member(batch: _Batch, ids: dict, person_id: int, membership_id: int, role: str) -> int:
    member_id = ids["members"]
    ids["members"] += 1
    batch.members.append(
        (
            member_id,
            batch.random.ref("m"),
            person_id,
            membership_id,
            role,
            "active",
            True,
            batch.now,
        )
    )
    return member_id


def _owner(
    batch: _Batch,
    ids: dict,
    rng: random.Random,
    options: SeedOptions,
    coopay_given_digital: float,
    report: SeedReport,
) -> None:
    family_name = rng.choice(FAMILY_NAMES)
    place = rng.choice(PLACES)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    birth = _BIRTH_START + timedelta(days=ids["persons"] % _BIRTH_DAYS)
    person_id = _person(batch, ids, rng, birth, family_name, place, street, True)
    membership_id = ids["memberships"]
    ids["memberships"] += 1
    batch.memberships.append(
        (membership_id, f"{ids['member_number']:010d}", person_id, "active", batch.now)
    )
    ids["member_number"] += 1
    member_id = _member(batch, ids, person_id, membership_id, "owner")
    _card(batch, ids, rng, member_id, "physical", options)
    report.owners += 1
    report.cards += 1
    if rng.random() >= options.digital_share:
        return
    report.digital += 1
    coopay = rng.random() < coopay_given_digital
    report.coopay += coopay
    has_family = rng.random() < options.family_share
    new_login = has_family or rng.random() < options.new_login_share
    batch.accounts.append(
        (
            person_id,
            batch.now,
            batch.now if new_login else None,
            coopay,
            f"**** {rng.randint(0, 9999):04d}" if coopay else None,
            "active",
        )
    )
    if not new_login and rng.random() < options.legacy_session_share:
        session_id = ids["app_sessions"]
        ids["app_sessions"] += 1
        batch.sessions.append(
            (
                session_id,
                batch.random.ref("s"),
                batch.random.token_hex(),
                person_id,
                f"seed-{person_id}",
                "Coop-appen",
                "legacy",
                batch.now,
                batch.now,
            )
        )
        report.legacy_sessions += 1
    if has_family:
        for _ in range(rng.choice((1, 1, 2))):
            birth = date(2004, 1, 1) + timedelta(days=rng.randint(0, 365 * 4))
            family_id = _person(batch, ids, rng, birth, family_name, place, street, False)
            family_member = _member(batch, ids, family_id, membership_id, "family")
            batch.accounts.append((family_id, batch.now, batch.now, False, None, "active"))
            _card(batch, ids, rng, family_member, "digital", options)
            report.family += 1
            report.cards += 1
