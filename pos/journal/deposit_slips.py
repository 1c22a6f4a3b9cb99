"""Deposit slips (pantelapper) this store has redeemed: each one counts once.

A reverse vending machine prints a slip with a barcode; the till turns it into
a negative line. Redeeming the same slip twice would pay the deposit twice, so
the redemption is recorded durably in the journal file, in the same
transaction as the sale line (`with journal.atomic(): …`). Releasing makes the
slip redeemable again, for when its line or the whole sale is voided; the
record of the redemption and its release is kept.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pos.domain.clock import Clock, oslo_now
from pos.domain.money import Ore
from pos.journal.db import Database
from pos.journal.errors import JournalError, PayloadError
from pos.journal.timestamps import format_ts, parse_ts

if TYPE_CHECKING:
    from pos.journal.journal import Journal


@dataclass(frozen=True)
class Redemption:
    store_id: str
    slip_code: str
    amount: Ore
    sale_id: str | None
    redeemed_at: datetime
    released_at: datetime | None = None
    release_reason: str | None = None


class SlipAlreadyRedeemed(JournalError):
    """The slip was redeemed before (in this store) and not released."""

    def __init__(self, redemption: Redemption) -> None:
        self.redemption = redemption
        super().__init__(
            f"deposit slip {redemption.slip_code} was redeemed already at "
            f"{redemption.redeemed_at:%Y-%m-%d %H:%M} (sale {redemption.sale_id})"
        )


class SlipNotRedeemed(JournalError):
    """Releasing a slip that has no active redemption."""


_COLUMNS = "store_id, slip_code, amount, sale_id, redeemed_at, released_at, release_reason"


def _redemption(row: tuple) -> Redemption:
    store_id, code, amount, sale_id, redeemed_at, released_at, reason = row
    return Redemption(
        store_id, code, amount, sale_id, parse_ts(redeemed_at),
        parse_ts(released_at) if released_at else None, reason,
    )


class DepositSlips:
    def __init__(self, db: Database, store_id: str, clock: Clock = oslo_now) -> None:
        self.db = db
        self.store_id = store_id
        self._clock = clock

    @classmethod
    def for_journal(cls, journal: Journal) -> DepositSlips:
        """The journal store's slips, in its file (so `journal.atomic()` spans both)."""
        return cls(journal.db, journal.store_id, journal.clock)

    def redeem(self, slip_code: str, amount: Ore, *, sale_id: str | None = None) -> Redemption:
        """Record the redemption, or raise `SlipAlreadyRedeemed` naming when and where it was."""
        if not isinstance(slip_code, str) or not slip_code.strip():
            raise PayloadError(f"a deposit slip code is non-empty text, got {slip_code!r}")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise PayloadError(f"a deposit slip amount is positive integer øre, got {amount!r}")
        with self.db.transaction() as conn:
            try:
                conn.execute(
                    "INSERT INTO deposit_slips (store_id, slip_code, amount, sale_id, redeemed_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (self.store_id, slip_code, amount, sale_id, format_ts(self._clock())),
                )
            except sqlite3.IntegrityError:
                earlier = self.redemption(slip_code)
                if earlier is None:  # pragma: no cover - the unique index names an active row
                    raise
                raise SlipAlreadyRedeemed(earlier) from None
        redemption = self.redemption(slip_code)
        assert redemption is not None
        return redemption

    def release(self, slip_code: str, *, reason: str) -> Redemption:
        """Make the slip redeemable again (its line or sale was voided); the record stays."""
        with self.db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE deposit_slips SET released_at = ?, release_reason = ? "
                "WHERE store_id = ? AND slip_code = ? AND released_at IS NULL",
                (format_ts(self._clock()), reason, self.store_id, slip_code),
            )
            if cursor.rowcount != 1:
                raise SlipNotRedeemed(f"deposit slip {slip_code} is not redeemed in this store")
        history = self.history(slip_code)
        return history[-1]

    def redemption(self, slip_code: str) -> Redemption | None:
        """The active (unreleased) redemption of the slip in this store, if any."""
        row = self.db.query_one(
            f"SELECT {_COLUMNS} FROM deposit_slips WHERE store_id = ? AND slip_code = ? "
            "AND released_at IS NULL",
            (self.store_id, slip_code),
        )
        return _redemption(row) if row else None

    def is_redeemed(self, slip_code: str) -> bool:
        return self.redemption(slip_code) is not None

    def history(self, slip_code: str) -> list[Redemption]:
        """Every redemption of the slip in this store, oldest first (released ones too)."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM deposit_slips WHERE store_id = ? AND slip_code = ? "
            "ORDER BY id",
            (self.store_id, slip_code),
        )
        return [_redemption(row) for row in rows]
