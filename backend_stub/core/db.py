"""The one module that owns the database: engine, connection setup and sessions.

SQLite and PostgreSQL run the same code. What SQLite needs to behave like a server
database under a threaded web server is set up here, once:

- WAL (readers never wait for the writer), foreign keys on, a busy timeout;
- the driver's own transaction handling switched off so SQLAlchemy's `BEGIN` is the
  only one, and write transactions start with `BEGIN IMMEDIATE`: a deferred
  transaction that reads and then writes can fail with "database is locked" when a
  second writer got there first, while an immediate one simply queues behind it.
  That is what makes concurrent duplicate purchases safe on SQLite.
- in front of `BEGIN IMMEDIATE`, an in-process writer lock: threads of one worker
  queue on it instead of in SQLite's busy handler, which sleeps between retries
  (that sleeping was most of the single-purchase p99). Other processes (workers,
  the CLI) still queue in the busy handler.

`serialised(session, name)` makes a job (the campaign tick, the privacy job) run one
at a time across every worker: on PostgreSQL with a transaction-scoped advisory lock,
on SQLite the write transaction already is.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from backend_stub.core.driver_reads import DriverReads
from backend_stub.core.settings import BackendSettings

_BEGIN_OPTION = "sqlite_begin"


def _sqlite_file(url: str) -> Path | None:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(settings: BackendSettings, url: str | None = None) -> Engine:
    """The engine for `url` (default: the primary database, `settings.db_url`)."""
    url = url or settings.db_url
    if not url.startswith("sqlite"):
        return create_engine(
            url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_size,
            pool_pre_ping=True,
        )
    path = _sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={
            "check_same_thread": False,
            "timeout": settings.sqlite_busy_timeout_ms / 1000,
        },
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
    )
    busy_ms = int(settings.sqlite_busy_timeout_ms)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class WriterLock:
    """The in-process queue in front of SQLite's `BEGIN IMMEDIATE`.

    A plain `Lock`, not an `RLock`: a request's write session (the `WriteSession`
    dependency) is opened and closed on different threadpool threads, and only a
    `Lock` may be released by another thread than the one that took it. Nested write
    transactions on one thread never worked on SQLite anyway (the inner `BEGIN
    IMMEDIATE` waits for the outer one), so waiting is bounded like SQLite's own queue:
    after the busy timeout it fails instead of hanging.
    """

    def __init__(self, timeout_seconds: float) -> None:
        self._lock = threading.Lock()
        self._timeout = timeout_seconds

    def __enter__(self) -> None:
        if not self._lock.acquire(timeout=self._timeout):
            raise TimeoutError("no write slot within the busy timeout: the database is busy")

    def __exit__(self, *_exc) -> None:
        self._lock.release()


class Database:
    """Engine plus the two kinds of session the services use: reading and writing."""

    def __init__(self, settings: BackendSettings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings)
        writer = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = writer
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._write_lock = (
            WriterLock(settings.sqlite_busy_timeout_ms / 1000)
            if settings.is_sqlite
            else nullcontext()
        )
        # member lookups read here: a streaming replica when configured, else the primary
        self.lookup_engine = (
            make_engine(settings, settings.read_db_url) if settings.read_db_url else self.engine
        )
        self.lookup_reads = DriverReads(self.lookup_engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in one write transaction: committed on success, rolled back on error."""
        with self._write_lock, self._write.begin() as session:
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A Core connection in one write transaction (bulk loads)."""
        with self._write_lock, self._writer.begin() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (a deferred transaction: never blocks the writer)."""
        with self._read() as session:  # closing ends the transaction; loaded rows stay usable
            yield session

    def checkpoint(self) -> None:
        """SQLite: move the write-ahead log into the database file and empty it, so rows
        just deleted (an erasure) do not linger in the `-wal` file. PostgreSQL: nothing."""
        if self.dialect != "sqlite":
            return
        raw = self._writer.raw_connection()  # outside any transaction, as SQLite requires
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            raw.close()

    def dispose(self) -> None:
        self.lookup_reads.close()
        self.engine.dispose()
        if self.lookup_engine is not self.engine:
            self.lookup_engine.dispose()

    def file_size_bytes(self) -> int | None:
        """Bytes on disk for an SQLite database (main file + WAL); None for servers."""
        if not self.settings.is_sqlite:
            return None
        path = _sqlite_file(self.settings.db_url)
        if path is None:
            return None
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def serialised(session: Session, name: str) -> None:
    """Hold a lock named `name` until `session`'s transaction ends, across processes.

    PostgreSQL: `pg_advisory_xact_lock`; SQLite: nothing to do, as a write
    transaction (`BEGIN IMMEDIATE`) already excludes every other writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:id)"), {"id": zlib.crc32(name.encode())}
        )
