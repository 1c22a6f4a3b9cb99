"""The till's local append-only journal (SQLite): what the cash register regulation asks for.

Public API (see docs/journal.md):

    journal = Journal.open(path, register_id="K1", store_id="S1", clock=oslo_now)
    journal.login("1001"); sale = journal.start_sale(); journal.append(EventType.LINE_ADDED, …)
    with journal.atomic(): journal.complete_sale(…); Outbox.for_journal(journal).enqueue(…)
    journal.open_sale()  # → OpenSale(sale_id, events) or None, to rebuild after a crash
    verify_journal(path).ok
"""

from pos.journal.db import Database
from pos.journal.deposit_slips import DepositSlips, Redemption, SlipAlreadyRedeemed, SlipNotRedeemed
from pos.journal.entries import CashTransaction, Entry, OpenSale, TransactionKind
from pos.journal.errors import (
    CopyLimitReached,
    JournalError,
    JournalNotFound,
    MalformedEntry,
    PayloadError,
    RegisterMismatch,
    SaleStateError,
    SchemaError,
    SigningKeyError,
    ZReportRefused,
)
from pos.journal.events import SAFT_MAPPING, EventType
from pos.journal.journal import Journal
from pos.journal.lifecycle import SaleStatus
from pos.journal.verify import BrokenLink, VerifyReport, verify_journal

__all__ = [
    "SAFT_MAPPING",
    "BrokenLink",
    "CashTransaction",
    "CopyLimitReached",
    "Database",
    "DepositSlips",
    "Entry",
    "EventType",
    "Journal",
    "JournalError",
    "JournalNotFound",
    "MalformedEntry",
    "OpenSale",
    "PayloadError",
    "Redemption",
    "RegisterMismatch",
    "SaleStateError",
    "SaleStatus",
    "SchemaError",
    "SigningKeyError",
    "SlipAlreadyRedeemed",
    "SlipNotRedeemed",
    "TransactionKind",
    "VerifyReport",
    "ZReportRefused",
    "verify_journal",
]
