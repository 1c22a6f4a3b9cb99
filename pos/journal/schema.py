"""The journal file's schema and its migrations (`PRAGMA user_version`).

One SQLite file per register holds the journal, the outbox, redeemed deposit
slips and card reads waiting for the backend, so that "sale completed +
purchase queued + slip redeemed" can be one transaction. Append-only is
enforced by the database itself (triggers), not only by this code: an edit
needs someone to drop the triggers first, and the hash and signature chains
then show what was changed.
"""

from __future__ import annotations

import sqlite3

from pos.journal.errors import SchemaError

SCHEMA_VERSION = 2

APPEND_ONLY_TRIGGERS = (
    "journal_no_update",
    "journal_no_delete",
    "meta_no_update",
    "meta_no_delete",
    "journal_head_no_delete",
)
"""Triggers that must exist in an untouched journal (`verify` checks them)."""


def _forbid(trigger: str, event: str, table: str, message: str, when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {trigger} BEFORE {event} ON {table}{condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


_V1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    _forbid("meta_no_update", "UPDATE", "meta", "the register identity cannot be changed"),
    _forbid("meta_no_delete", "DELETE", "meta", "the register identity cannot be deleted"),
    """CREATE TABLE journal (
        seq INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        type TEXT NOT NULL,
        register_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        operator_id TEXT,
        training INTEGER NOT NULL CHECK (training IN (0, 1)),
        sale_id TEXT,
        payload TEXT NOT NULL,
        trans_nr INTEGER,
        trans_kind TEXT,
        amount_in INTEGER CHECK (typeof(amount_in) IN ('integer', 'null')),
        amount_ex INTEGER CHECK (typeof(amount_ex) IN ('integer', 'null')),
        signature TEXT,
        key_version TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX journal_trans_nr ON journal(trans_nr) WHERE trans_nr IS NOT NULL",
    "CREATE INDEX journal_sale ON journal(sale_id, type, seq) WHERE sale_id IS NOT NULL",
    "CREATE INDEX journal_type ON journal(type, seq)",
    _forbid("journal_no_update", "UPDATE", "journal", "the journal is append-only: no changes"),
    _forbid("journal_no_delete", "DELETE", "journal", "the journal is append-only: no deletes"),
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        purchase_id TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),
        next_attempt_at TEXT,
        sent_at TEXT,
        response TEXT
    )""",
    "CREATE INDEX outbox_state ON outbox(state, id)",
    _forbid(
        "outbox_keep_unsent",
        "DELETE",
        "outbox",
        "only purchases the backend acknowledged may leave the outbox",
        "OLD.state != 'sent'",
    ),
    _forbid(
        "outbox_body_fixed",
        "UPDATE OF purchase_id, body, created_at",
        "outbox",
        "a queued purchase cannot be changed",
    ),
    """CREATE TABLE deposit_slips (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        store_id TEXT NOT NULL,
        slip_code TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer'),
        sale_id TEXT,
        redeemed_at TEXT NOT NULL,
        released_at TEXT,
        release_reason TEXT
    )""",
    "CREATE UNIQUE INDEX deposit_slip_once ON deposit_slips(store_id, slip_code)"
    " WHERE released_at IS NULL",
    _forbid("deposit_slips_no_delete", "DELETE", "deposit_slips", "redemptions are kept"),
    _forbid(
        "deposit_slips_release_only",
        "UPDATE",
        "deposit_slips",
        "a redemption can only be released, once",
        "OLD.released_at IS NOT NULL OR NEW.store_id IS NOT OLD.store_id"
        " OR NEW.slip_code IS NOT OLD.slip_code OR NEW.amount IS NOT OLD.amount"
        " OR NEW.sale_id IS NOT OLD.sale_id OR NEW.redeemed_at IS NOT OLD.redeemed_at",
    ),
    """CREATE TABLE card_reads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        card_number TEXT NOT NULL,
        source TEXT NOT NULL,
        sale_id TEXT,
        read_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'resolved', 'unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at TEXT,
        resolved_at TEXT,
        member_ref TEXT
    )""",
    "CREATE INDEX card_reads_state ON card_reads(state, id)",
    _forbid(
        "card_reads_keep_pending",
        "DELETE",
        "card_reads",
        "a card read waiting for the backend cannot be deleted",
        "OLD.state = 'pending'",
    ),
)

_V2 = (
    "ALTER TABLE journal ADD COLUMN seal TEXT",
    """CREATE TABLE journal_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        register_id TEXT NOT NULL,
        store_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        seal TEXT NOT NULL
    )""",
    _forbid("journal_head_no_delete", "DELETE", "journal_head",
            "the sealed head of the journal cannot be deleted"),
)
"""Every entry sealed with the register's key and the journal's end signed (`seals.py`);
older entries keep no seal and are vouched for by the first sealed entry after them."""

MIGRATIONS: dict[int, tuple[str, ...]] = {1: _V1, 2: _V2}
"""One migration per schema change; an existing file is brought up to date in place."""


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def check_is_journal(conn: sqlite3.Connection, path: object) -> int:
    """The file's schema version; refuses other SQLite databases and newer journals."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"{path}: journal schema v{version} is newer than this till understands "
            f"(v{SCHEMA_VERSION}); update the till software"
        )
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        if tables:
            raise SchemaError(f"{path} is a SQLite database but not a till journal")
    return version


def migrate(conn: sqlite3.Connection, path: object) -> None:
    """Bring the file to `SCHEMA_VERSION` in one transaction (a crash leaves the old version)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = check_is_journal(conn, path)
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
