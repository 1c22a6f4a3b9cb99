"""Child process for the outbox crash test: drains the journal's outbox into a stand-in backend.

Run as `python outbox_drainer.py JOURNAL BACKEND_DB BATCH DELAY_MS`. The stand-in backend
is a SQLite file of its own that does what the member backend promises:
it records every delivery and ingests each purchase id once (idempotency).
Each delivery is printed after the backend committed it.
"""

from __future__ import annotations

import sqlite3
import sys
import time

from pos.sync.drain import Accepted, drain
from pos.sync.outbox import Outbox, OutboxItem


def open_backend(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS deliveries (n INTEGER PRIMARY KEY, purchase_id TEXT)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS ingested (n INTEGER PRIMARY KEY, purchase_id TEXT UNIQUE)"
    )
    return conn


def main(journal: str, backend_path: str, batch: int, delay_ms: int) -> int:
    backend = open_backend(backend_path)
    outbox = Outbox.open(journal)

    def send(item: OutboxItem) -> Accepted:
        time.sleep(delay_ms / 1000)  # the network
        backend.execute("BEGIN IMMEDIATE")
        backend.execute("INSERT INTO deliveries (purchase_id) VALUES (?)", (item.purchase_id,))
        backend.execute("INSERT OR IGNORE INTO ingested (purchase_id) VALUES (?)",
                        (item.purchase_id,))
        backend.execute("COMMIT")
        print(item.purchase_id, flush=True)
        return Accepted({"ok": True})

    report = drain(outbox, send, batch_size=batch)
    outbox.close()
    return 1 if report.offline else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
