"""All tables, importable from one place (Alembic's autogenerate and the services use this)."""

from backend_stub.models.auth import (
    AppSession,
    BankIdOrder,
    DigitalAccount,
    LoginThrottle,
    OtpChallenge,
)
from backend_stub.models.base import Base
from backend_stub.models.campaign import ReloginAssignment, ReloginCampaign, ReloginWave
from backend_stub.models.coopay import CoopayPayment, CoopayRefund, CoopayToken
from backend_stub.models.members import Card, Member, Membership
from backend_stub.models.meta import IdempotencyRecord, MetaValue
from backend_stub.models.people import OutboxMessage, Person
from backend_stub.models.privacy import (
    AnalysisPurchase,
    AuditEntry,
    ClosedCardKey,
    Consent,
    ConsentEvent,
    MemberSegment,
    MembershipSettlement,
)
from backend_stub.models.purchases import LedgerEntry, Purchase, PurchaseLine, PurchaseTender
from backend_stub.models.stores import BonusRule, Store, Terminal

__all__ = [
    "AnalysisPurchase",
    "AppSession",
    "AuditEntry",
    "BankIdOrder",
    "Base",
    "BonusRule",
    "Card",
    "ClosedCardKey",
    "Consent",
    "ConsentEvent",
    "CoopayPayment",
    "CoopayRefund",
    "CoopayToken",
    "DigitalAccount",
    "IdempotencyRecord",
    "LedgerEntry",
    "LoginThrottle",
    "Member",
    "MemberSegment",
    "Membership",
    "MembershipSettlement",
    "MetaValue",
    "OtpChallenge",
    "OutboxMessage",
    "Person",
    "Purchase",
    "PurchaseLine",
    "PurchaseTender",
    "ReloginAssignment",
    "ReloginCampaign",
    "ReloginWave",
    "Store",
    "Terminal",
]
