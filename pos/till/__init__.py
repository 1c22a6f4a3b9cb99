"""The till engine: one sale at a time, wired to devices, journal and backend — no Textual here.

See `pos.till.engine` (the `Till` class, threading model) and `pos.till.events`
(what the engine tells the UI); docs/till.md describes both.
"""

from pos.till.core import TillError
from pos.till.engine import Till
from pos.till.events import (
    MemberChanged,
    NeedsAgeCheck,
    Notice,
    PaymentFinished,
    PaymentProgress,
    ReceiptReady,
    SaleChanged,
    SessionChanged,
    StatusChanged,
    TillEvent,
    UnknownCode,
    WeightNeeded,
)
from pos.till.operators import DEMO_OPERATORS, LoginFailed, Operators

__all__ = [
    "DEMO_OPERATORS",
    "LoginFailed",
    "MemberChanged",
    "NeedsAgeCheck",
    "Notice",
    "Operators",
    "PaymentFinished",
    "PaymentProgress",
    "ReceiptReady",
    "SaleChanged",
    "SessionChanged",
    "StatusChanged",
    "Till",
    "TillError",
    "TillEvent",
    "UnknownCode",
    "WeightNeeded",
]
