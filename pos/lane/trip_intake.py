"""A ShopExpress trip arriving at a lane: verify its code, refuse replays, rebuild the sale.

Why a registry beside the journal: the journal says whether a sale was paid,
but not which trip it came from. `TripRegistry` (its own small SQLite file in
the till's data directory) binds each trip id to the sale built from it,
written *before* the sale's first journal entry; a trip is refused as already
paid when its bound sale is completed in the journal. A crash before the
first entry leaves a binding to a sale the journal never saw: the trip can
then be taken again, which is right, since nothing was paid. The registry
also tells whether a member has completed a trip at this lane before (the
audit's "first trip" rule).

The sale is rebuilt through the same engine operations a scan makes (each
code in the trip is scanned again through `Till.scan`), so prices, offers,
deposit, age limits and beer hours are the lane's, never the handheld's.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pos.domain.barcode_types import BarcodeError, ProductCode, VariableMeasureCode
from pos.domain.barcodes import parse_barcode
from pos.domain.settings import StoreSettings
from pos.domain.shopexpress import Trip
from pos.journal.lifecycle import SaleStatus

_SCHEMA = """
CREATE TABLE IF NOT EXISTS trips (
    trip_id TEXT PRIMARY KEY,
    sale_id TEXT NOT NULL,
    member_ref TEXT NOT NULL,
    received_at TEXT NOT NULL
)
"""


class TripRegistry:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # used by the engine thread that owns the lane, opened where the lane is built
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def bind(self, trip: Trip, sale_id: str, received_at: str) -> None:
        """Bind (or re-bind, after a voided attempt) a trip to the sale built from it."""
        self._db.execute(
            "INSERT INTO trips (trip_id, sale_id, member_ref, received_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(trip_id) DO UPDATE SET sale_id = excluded.sale_id, "
            "received_at = excluded.received_at",
            (trip.trip_id, sale_id, trip.member.member_ref, received_at))

    def sale_of(self, trip_id: str) -> str | None:
        row = self._db.execute("SELECT sale_id FROM trips WHERE trip_id = ?",
                               (trip_id,)).fetchone()
        return row[0] if row else None

    def sales_of_member(self, member_ref: str) -> list[str]:
        rows = self._db.execute("SELECT sale_id FROM trips WHERE member_ref = ?", (member_ref,))
        return [row[0] for row in rows]


def is_paid(status: SaleStatus | None) -> bool:
    return status == SaleStatus.COMPLETED


def item_key(text: str, settings: StoreSettings) -> str:
    """What the audit compares: a product's GTIN, an in-store label's whole code, else the text.

    A rescan of the same physical item gives the same key whichever scanner
    (handheld or lane) read it: the devices layer has already taken off any AIM
    identifier, so the text is the code itself.
    """
    try:
        code = parse_barcode(text, None, layout=settings.in_store_layout,
                             card_format=settings.member_card_format)
    except BarcodeError:
        return text.strip()
    if isinstance(code, ProductCode):
        return code.gtin14
    if isinstance(code, VariableMeasureCode):
        return code.code
    return text.strip()
