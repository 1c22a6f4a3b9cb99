"""What one journal entry is, in Python and as a stored row."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from pos.domain.money import Ore
from pos.journal.canonical import HASHED_COLUMNS
from pos.journal.errors import JournalError
from pos.journal.events import EventType
from pos.journal.timestamps import format_ts, parse_ts

STORED_COLUMNS = (*HASHED_COLUMNS, "hash")


class TransactionKind(StrEnum):
    """What a signed cash transaction is (SAF-T: transType and voidTransaction)."""

    SALE = "sale"
    RETURN = "return"
    VOID = "void"


@dataclass(frozen=True)
class CashTransaction:
    """The signed part of a completed or voided sale. `nr` is also the receipt number."""

    nr: int
    kind: TransactionKind
    amount_in: Ore
    amount_ex: Ore
    signature: str
    key_version: str

    @property
    def receipt_nr(self) -> int:
        return self.nr


@dataclass(frozen=True)
class Entry:
    seq: int
    ts: datetime
    type: EventType
    register_id: str
    store_id: str
    operator_id: str | None
    training: bool
    sale_id: str | None
    payload: Mapping[str, Any] = field(hash=False)
    payload_text: str
    cash: CashTransaction | None
    prev_hash: str
    hash: str

    def row(self) -> dict[str, Any]:
        """The stored column values (the hash covers all but `hash`)."""
        return {
            "seq": self.seq,
            "ts": format_ts(self.ts),
            "type": self.type.value,
            "register_id": self.register_id,
            "store_id": self.store_id,
            "operator_id": self.operator_id,
            "training": int(self.training),
            "sale_id": self.sale_id,
            "payload": self.payload_text,
            **cash_columns(self.cash),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Entry:
        """Build an entry from stored values; a row that does not parse names its seq."""
        try:
            cash = None
            if row["trans_nr"] is not None:
                cash = CashTransaction(
                    nr=row["trans_nr"],
                    kind=TransactionKind(row["trans_kind"]),
                    amount_in=row["amount_in"],
                    amount_ex=row["amount_ex"],
                    signature=row["signature"],
                    key_version=row["key_version"],
                )
            return cls(
                seq=row["seq"],
                ts=parse_ts(row["ts"]),
                type=EventType(row["type"]),
                register_id=row["register_id"],
                store_id=row["store_id"],
                operator_id=row["operator_id"],
                training=bool(row["training"]),
                sale_id=row["sale_id"],
                payload=json.loads(row["payload"]),
                payload_text=row["payload"],
                cash=cash,
                prev_hash=row["prev_hash"],
                hash=row["hash"],
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise JournalError(
                f"journal entry seq {row['seq']} cannot be read ({exc}); "
                "run `pos journal verify` on this file"
            ) from exc


def cash_columns(cash: CashTransaction | None) -> dict[str, Any]:
    """The stored columns of a cash transaction (all None for other entries)."""
    return {
        "trans_nr": cash.nr if cash else None,
        "trans_kind": cash.kind.value if cash else None,
        "amount_in": cash.amount_in if cash else None,
        "amount_ex": cash.amount_ex if cash else None,
        "signature": cash.signature if cash else None,
        "key_version": cash.key_version if cash else None,
    }


class OpenSale(NamedTuple):
    """The sale to rebuild after a restart: its id and its events in order."""

    sale_id: str
    events: list[Entry]


SELECT_ENTRIES = f"SELECT {', '.join(STORED_COLUMNS)} FROM journal"


def entry_from_tuple(values: tuple) -> Entry:
    return Entry.from_row(dict(zip(STORED_COLUMNS, values, strict=True)))
