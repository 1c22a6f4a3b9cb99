"""The journal file as a database: durable settings and one way to write (`transaction()`).

Why WAL + `synchronous=FULL`: a commit returns only after the log is on disk,
so an event the till has shown survives SIGKILL and power loss; WAL lets the
verifier and the sync worker read while the till writes.

Why one reentrant `transaction()`: the journal, the outbox and the slip table
share the file so that "sale completed + purchase queued" is one commit. Any
code can open `transaction()`; inside another one it becomes a savepoint, so an
inner failure undoes only its own writes and the outer commit decides.

One `Database` per user, never two threads at once: the till engine's connection
is opened where the till is built and then used only by the engine's own thread
(so sqlite3's same-thread check is off for it); a sync worker in its own thread
opens its own `Database` on the same path.
"""

from __future__ import annotations

import os
import sqlite3

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from pos.journal.errors import JournalError, JournalNotFound, SchemaError
from pos.journal.schema import check_is_journal, migrate

BUSY_TIMEOUT_MS = 5000


class Database:
    def __init__(self, connection: sqlite3.Connection, path: Path, *, readonly: bool) -> None:
        self._conn = connection
        self.path = path
        self.readonly = readonly
        self._depth = 0
        self._rollback_hooks: list[Callable[[], None]] = []

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> Database:
        """Open (and, unless `readonly`, create and migrate) the journal file at `path`."""
        path = Path(path)
        if readonly and not path.is_file():
            raise JournalNotFound(f"no journal at {path}")
        try:
            if readonly:
                uri = f"file:{quote(str(path.resolve()))}?mode=ro"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                       check_same_thread=False)
            else:
                _create_owner_only(path)
                conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal at {path}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if readonly:
                check_is_journal(conn, path)
            else:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise JournalError(f"{path}: SQLite refused WAL mode (got {mode!r})")
                conn.execute("PRAGMA synchronous = FULL")
                migrate(conn, path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise SchemaError(f"{path} is not a till journal: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, readonly=readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def on_rollback(self, hook: Callable[[], None]) -> None:
        """Call `hook` after any rollback, so caches of what was written can be rebuilt."""
        self._rollback_hooks.append(hook)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Commit everything written inside at the end (durably), or nothing on an exception."""
        if self.readonly:
            raise JournalError(f"{self.path} is open read-only")
        if self._depth:
            yield from self._savepoint()
            return
        self._conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._after_rollback()
            raise
        finally:
            self._depth = 0

    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        name = f"sp{self._depth}"
        self._conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self._conn
        except BaseException:
            self._conn.execute(f"ROLLBACK TO {name}")
            self._conn.execute(f"RELEASE {name}")
            self._after_rollback()
            raise
        else:
            self._conn.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    def _after_rollback(self) -> None:
        for hook in self._rollback_hooks:
            hook()

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        """Run a read (or a write inside `transaction()`)."""
        return self._conn.execute(sql, params)

    def query_one(self, sql: str, params: tuple | dict = ()) -> tuple | None:
        return self._conn.execute(sql, params).fetchone()


def _create_owner_only(path: Path) -> None:
    """A new journal file is readable by its owner only (it holds card numbers while queued);
    SQLite gives its -wal and -shm files the same permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class WriterLock:
    """An exclusive lock on `<journal>.lock`: one till process writes a journal at a time.

    Why: the journal keeps the register's session (operator, open sale) in memory; a
    second till on the same file would judge sale rules on stale state. The kernel
    drops the lock when the process dies, so a killed till never blocks its restart.
    """

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    @classmethod
    def acquire(cls, journal_path: Path) -> WriterLock:
        if fcntl is None:  # pragma: no cover - not POSIX
            return cls(None)
        lock_path = journal_path.with_name(journal_path.name + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalError(
                f"the journal {journal_path} is open in another till process"
            ) from None
        return cls(fd)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None
