"""Reads on the hottest path at the driver level: one held DBAPI connection per thread,
each statement compiled once.

Why: a member lookup's query takes about 9 µs in SQLite, but going through a
SQLAlchemy `Connection` (pool checkout, execution context, result metadata) cost
about 55 µs more on every lookup. Here the statement is compiled once for the
engine's dialect and run on the driver's own cursor. What stays: the connection comes
from the engine (so its connect-time setup, SQLite's pragmas, applies) and reads see
committed data only (SQLite runs each statement in its own read transaction; on
PostgreSQL the connection is in autocommit, so no transaction stays open between
lookups and a replica's replay is never held back).

A connection that fails (a restarted server) is dropped and the read is tried once
more on a fresh one.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlalchemy.sql import Executable


class DriverReads:
    """`first(statement, params)` on `engine`, at the driver level."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._local = threading.local()
        self._held: list = []
        self._held_lock = threading.Lock()
        self._compiled: dict[int, tuple[str, tuple[str, ...] | None]] = {}
        self._errors = (
            engine.dialect.loaded_dbapi.OperationalError,
            engine.dialect.loaded_dbapi.InterfaceError,
        )

    def _sql(self, statement: Executable) -> tuple[str, tuple[str, ...] | None]:
        found = self._compiled.get(id(statement))
        if found is None:
            compiled = statement.compile(dialect=self.engine.dialect)
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            found = self._compiled[id(statement)] = (str(compiled), order)
        return found

    def _connection(self):
        raw = getattr(self._local, "raw", None)
        if raw is None:
            raw = self.engine.raw_connection()
            if self.engine.dialect.name == "postgresql":
                raw.dbapi_connection.autocommit = True
            with self._held_lock:
                self._held.append(raw)
            self._local.raw = raw
        return raw

    def _drop(self, raw) -> None:
        self._local.raw = None
        with self._held_lock:
            if raw in self._held:
                self._held.remove(raw)
        raw.invalidate()

    def first(self, statement: Executable, params: dict) -> tuple | None:
        """The first row of `statement` (module-level, built once) with `params`."""
        sql, order = self._sql(statement)
        args = tuple(params[name] for name in order) if order is not None else params
        for attempt in (1, 2):
            raw = self._connection()
            try:
                cursor = raw.dbapi_connection.cursor()
                try:
                    cursor.execute(sql, args)
                    return cursor.fetchone()
                finally:
                    cursor.close()
            except self._errors:
                self._drop(raw)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._held_lock:
            held, self._held = self._held, []
        for raw in held:
            raw.close()
