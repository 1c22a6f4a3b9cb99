"""Many rows into one table at the driver level: one executemany of plain tuples.

Why: purchase ingest writes about fourteen rows a purchase. Through SQLAlchemy's
executemany each row is a dict that is looked at column by column per statement, and
an insert that returns the new keys is split into multi-row statements with its own
parameter handling; that cost more than SQLite's own work. Here the column list, the
SQL and each column's bind conversion (the dialect's, e.g. aware UTC datetimes to
SQLite's text) are prepared once, and each row becomes one tuple.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

from sqlalchemy import Connection, Table


class DriverInsert:
    """`INSERT INTO table (columns) VALUES (…)` for many rows (dicts keyed by column)."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        if len(columns) < 2:  # `itemgetter` of one name gives a value, not a tuple
            raise ValueError("a DriverInsert writes two columns or more")
        self.table = table
        self.columns = tuple(columns)
        self._prepared: dict[str, tuple[str, tuple]] = {}

    def _prepare(self, connection: Connection) -> tuple[str, tuple]:
        dialect = connection.dialect
        found = self._prepared.get(dialect.name)
        if found is None:
            marks = ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * len(self.columns))
            sql = f"INSERT INTO {self.table.name} ({', '.join(self.columns)}) VALUES ({marks})"
            processors = tuple(
                self.table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                for name in self.columns
            )
            found = self._prepared[dialect.name] = (sql, processors)
        return found

    def rows(self, connection: Connection, rows: Iterable[dict]) -> list[tuple]:
        """The rows as the driver takes them, in `columns` order."""
        _sql, processors = self._prepare(connection)
        pick = itemgetter(*self.columns)
        convert = [(i, p) for i, p in enumerate(processors) if p is not None]
        if not convert:
            return [pick(row) for row in rows]
        prepared = []
        done: dict = {}  # a batch's rows share values (its `now`): each converted once
        for row in rows:
            values = list(pick(row))
            for i, process in convert:
                value = values[i]
                key = (i, value)
                if key not in done:
                    done[key] = process(value)
                values[i] = done[key]
            prepared.append(tuple(values))
        return prepared

    def execute(self, connection: Connection, rows: Iterable[dict]) -> None:
        sql, _processors = self._prepare(connection)
        prepared = self.rows(connection, rows)
        if prepared:
            connection.exec_driver_sql(sql, prepared)

    def execute_tuples(self, connection: Connection, rows: list[tuple]) -> None:
        """Rows already in `columns` order and needing no conversion (numbers, text)."""
        sql, _processors = self._prepare(connection)
        if rows:
            connection.exec_driver_sql(sql, rows)
