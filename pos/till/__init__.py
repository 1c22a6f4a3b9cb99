"""The till engine: one sale at a time, wired to devices, journal and backend — no Textual here.

See `pos.till.engine` (the `Till` and the collaborators it is composed of),
`pos.till.session` (the journaling rule) and `pos.till.events` (what the engine
tells the UI); docs/till.md describes them.
"""

from pos.till.commands import TillError
from pos.till.engine import Till
from pos.till.events import (
    MemberChanged,
    NeedsAgeCheck,
    Notice,
    PaymentFinished,
    PaymentProgress,
    QuantityArmed,
    ReceiptReady,
    ReportReady,
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
    "QuantityArmed",
    "ReceiptReady",
    "ReportReady",
    "SaleChanged",
    "SessionChanged",
    "StatusChanged",
    "Till",
    "TillError",
    "TillEvent",
    "UnknownCode",
    "WeightNeeded",
]
