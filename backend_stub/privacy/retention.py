"""The privacy job: retention (2 years 3 months), the 6-month rule, and analysis upkeep.

Why one job: all three are "what may we still keep about whom, as of now", so they
run together, in one transaction, by the injected clock (`Backend.now()` or an
explicit `now` for `pos-backend retention run --now …`), on a schedule inside
`serve` (`privacy_job_seconds`) and on demand from the CLI.

Retention keeps accounting right: a member's ledger entries for anonymised purchases
are rolled up into one entry per account and kind (no purchase, no buyer), so every
balance and the grand total are unchanged while no row links the member to an old
purchase (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from backend_stub.coopay.models import CoopayPayment, CoopayToken
from backend_stub.core.calendar_months import months_before
from backend_stub.core.context import Backend
from backend_stub.core.db import serialised
from backend_stub.core.models import IdempotencyRecord
from backend_stub.privacy import analysis, anonymise, audit
from backend_stub.privacy.models import AnalysisPurchase
from backend_stub.purchases.models import LedgerEntry, Purchase


@dataclass(frozen=True)
class PrivacyJobReport:
    now: datetime
    cutoff: datetime
    purchases_anonymised: int
    ledger_entries_rolled_up: int
    coopay_payments_anonymised: int
    coopay_tokens_deleted: int
    idempotency_records_deleted: int
    analysis_rows_expired: int
    analysis_rows_withdrawn: int
    analysis_rows_copied: int
    segments_computed: int

    def as_dict(self) -> dict:
        return asdict(self)

    def changed_anything(self) -> bool:
        return any(v for k, v in asdict(self).items() if k not in ("now", "cutoff"))


def _roll_up_ledger(session: Session, old_purchases, now: datetime) -> int:
    """Replace the ledger entries of `old_purchases` by one roll-up per account and kind."""
    linked = (LedgerEntry.purchase_pk.in_(old_purchases), LedgerEntry.membership_id.is_not(None))
    sums = session.execute(
        select(LedgerEntry.membership_id, LedgerEntry.kind, func.sum(LedgerEntry.amount_ore))
        .add_columns(func.count())
        .where(*linked)
        .group_by(LedgerEntry.membership_id, LedgerEntry.kind)
    ).all()
    if not sums:
        return 0
    is_roll_up = (LedgerEntry.purchase_pk.is_(None), LedgerEntry.member_id.is_(None))
    existing = {
        (row.membership_id, row.kind): row
        for row in session.scalars(
            select(LedgerEntry).where(
                *is_roll_up,
                LedgerEntry.membership_id.in_({membership_id for membership_id, *_ in sums}),
            )
        )
    }
    new_rows = []
    for membership_id, kind, amount, _count in sums:
        roll_up = existing.get((membership_id, kind))
        if roll_up is None:
            new_rows.append(
                {
                    "membership_id": membership_id,
                    "member_id": None,
                    "purchase_pk": None,
                    "kind": kind,
                    "amount_ore": int(amount),
                    "created_at": now,
                }
            )
        else:
            roll_up.amount_ore += int(amount)
    session.execute(delete(LedgerEntry).where(*linked).execution_options(synchronize_session=False))
    if new_rows:
        session.execute(insert(LedgerEntry.__table__), new_rows)
    session.flush()
    return sum(count for *_, count in sums)


def run(backend: Backend, session: Session, now: datetime | None = None) -> PrivacyJobReport:
    now = now or backend.now()
    settings = backend.settings
    cutoff = months_before(now, settings.privacy_retention_months)
    old = select(Purchase.id).where(
        Purchase.completed_at < cutoff,
        (Purchase.member_id.is_not(None)) | (Purchase.membership_id.is_not(None)),
    )
    rolled = _roll_up_ledger(session, old, now)
    expired_analysis = analysis.anonymise_rows(session, AnalysisPurchase.bought_on < cutoff.date())
    purchases = anonymise.purchases(session, Purchase.completed_at < cutoff)
    payments = anonymise.coopay_payments(session, CoopayPayment.approved_at < cutoff)
    tokens = anonymise.coopay_tokens(session, CoopayToken.created_at < cutoff)
    replies = session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff)
    ).rowcount
    withdrawn = analysis.anonymise_withdrawn(
        session, now, settings.privacy_analysis_withdrawal_months
    )
    copied = analysis.copy_consented(session, now)
    segments = analysis.compute_segments(session, now)
    report = PrivacyJobReport(
        now=now,
        cutoff=cutoff,
        purchases_anonymised=purchases,
        ledger_entries_rolled_up=rolled,
        coopay_payments_anonymised=payments,
        coopay_tokens_deleted=tokens,
        idempotency_records_deleted=replies,
        analysis_rows_expired=expired_analysis,
        analysis_rows_withdrawn=withdrawn,
        analysis_rows_copied=copied,
        segments_computed=segments,
    )
    if report.changed_anything():
        summary = ", ".join(
            f"{k}={v}" for k, v in report.as_dict().items() if k not in ("now", "cutoff") and v
        )
        audit.record(
            session, now, audit.RETENTION_JOB, "anonymise", "purchase_history", detail=summary
        )
    return report


def run_in_transaction(backend: Backend, now: datetime | None = None) -> PrivacyJobReport:
    """One run at a time across all workers (each worker has the job on a timer)."""
    with backend.db.writing() as session:
        serialised(session, "privacy_job")
        return run(backend, session, now)
