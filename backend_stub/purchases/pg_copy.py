"""Writing a batch of decided purchases on PostgreSQL with COPY, one per table.

Why: on PostgreSQL, multi-row INSERTs cost more in building and parsing the
statement than the server spends storing the rows, and a pipelined executemany pays
a round per row. COPY streams the rows in the driver's binary-free text protocol at
a fraction of that. The purchases' ids are taken from their sequence first, so
lines, tenders and ledger entries can name them; the rest take their ids from their
defaults. It runs in the request's own transaction; a unique-index violation (a
concurrent request wrote the same key or purchase id) raises the driver's
IntegrityError like an INSERT would.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from backend_stub.purchases.rules import LINE_COLUMNS, Evaluated

_NEXT_IDS = "SELECT nextval(pg_get_serial_sequence('purchases', 'id')) FROM generate_series(1, %s)"


def _copy(cursor, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _rows(dicts: list[dict]) -> tuple[list[str], list[tuple]]:
    if not dicts:
        return [], []
    columns = list(dicts[0])
    rows = [tuple(d[c] for c in columns) for d in dicts]
    return columns, rows


def next_ids(connection: Connection, count: int) -> list[int]:
    """`count` keys for new purchases from their sequence (also for plain INSERTs)."""
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute(_NEXT_IDS, (count,))
        return [row[0] for row in cursor.fetchall()]


def write(connection: Connection, decided: list[Evaluated], records: list[dict]) -> None:
    """Purchases with their lines, tenders and ledger entries, and idempotency records."""
    driver = connection.connection.driver_connection  # psycopg, this same transaction
    with driver.cursor() as cursor:
        if decided:
            pks = next_ids(connection, len(decided))
            rows = [(pk, *d.purchase.values()) for pk, d in zip(pks, decided, strict=True)]
            _copy(cursor, "purchases", ["id", *decided[0].purchase], rows)
            lines = [(pk, *row) for pk, d in zip(pks, decided, strict=True) for row in d.lines]
            _copy(cursor, "purchase_lines", ["purchase_pk", *LINE_COLUMNS], lines)
            for table, part in (("purchase_tenders", "tenders"), ("ledger_entries", "ledger")):
                rows, columns = [], None
                for pk, d in zip(pks, decided, strict=True):
                    for row in getattr(d, part):
                        columns = columns or ["purchase_pk", *row]
                        rows.append((pk, *row.values()))
                if columns:
                    _copy(cursor, table, columns, rows)
        columns, rows = _rows(records)
        _copy(cursor, "idempotency_records", columns, rows)
