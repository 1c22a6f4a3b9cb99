"""`Backend`: what every service needs (settings, database, clock, secret), built once.

The HTTP app, the CLI and the tests all open a `Backend` the same way, so they run
the same rules against the same database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from backend_stub import migrate as migrations
from backend_stub.clock import Clock
from backend_stub.db import Database
from backend_stub.models import MetaValue
from backend_stub.security import load_or_create_secret
from backend_stub.settings import BackendSettings

CLOCK_META_KEY = "dev_clock_offset_us"


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
        if migrate:
            migrations.upgrade(db.engine)
        with db.writing() as session:
            secret = load_or_create_secret(session, settings.secret_key)
            offset = session.scalar(select(MetaValue.value).where(MetaValue.key == CLOCK_META_KEY))
        if clock is None:
            clock = Clock()
            if settings.dev and offset:
                clock.set_offset(timedelta(microseconds=int(offset)))
        return cls(settings=settings, db=db, clock=clock, secret=secret)

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def persist_clock(self) -> None:
        """Keep the dev clock's offset in the database so other processes share it."""
        value = str(int(self.clock.offset / timedelta(microseconds=1)))
        with self.db.writing() as session:
            session.merge(MetaValue(key=CLOCK_META_KEY, value=value))

    def close(self) -> None:
        self.db.dispose()
