"""`Backend`: what every service needs (settings, database, clock, secret), built once.

The HTTP app, the CLI and the tests all open a `Backend` the same way, so they run
the same rules against the same database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend_stub.core.clock import Clock, SharedClock
from backend_stub.core.db import Database
from backend_stub.core.models import MetaValue
from backend_stub.core.security import load_or_create_secret
from backend_stub.core.settings import BackendSettings

CLOCK_META_KEY = "dev_clock_offset_us"


def _load_offset(db: Database) -> timedelta:
    with db.reading() as session:
        value = session.scalar(select(MetaValue.value).where(MetaValue.key == CLOCK_META_KEY))
    return timedelta(microseconds=int(value)) if value else timedelta(0)


def _store_offset(db: Database, offset: timedelta) -> None:
    with db.writing() as session:
        session.merge(
            MetaValue(key=CLOCK_META_KEY, value=str(int(offset / timedelta(microseconds=1))))
        )


def _shared_clock(db: Database) -> SharedClock:
    """The dev clock, shared through the database by every worker and the CLI."""
    return SharedClock(lambda: _load_offset(db), lambda offset: _store_offset(db, offset))


@dataclass
class Backend:
    settings: BackendSettings
    db: Database
    clock: Clock
    secret: bytes
    cache: dict = field(default_factory=dict)

    @classmethod
    def open(
        cls, settings: BackendSettings, *, migrate: bool = False, clock: Clock | None = None
    ) -> Backend:
        db = Database(settings)
        if migrate:  # Alembic only when asked: a read-only command starts faster without it
            from backend_stub.core import migrate as migrations

            migrations.upgrade(db.engine)
        with db.writing() as session:
            secret = load_or_create_secret(session, settings.secret_key)
        if clock is None:
            clock = _shared_clock(db) if settings.dev else Clock()
        return cls(settings=settings, db=db, clock=clock, secret=secret)

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def persist_clock(self) -> None:
        """Keep the dev clock's offset in the database so other processes share it
        (a `SharedClock` stores every move itself)."""
        if not isinstance(self.clock, SharedClock):
            _store_offset(self.db, self.clock.offset)

    def close(self) -> None:
        self.db.dispose()
