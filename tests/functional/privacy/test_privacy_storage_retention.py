"""Three years on a simulated clock: retention (2 years 3 months) and the 6-month rule
anonymise exactly what they should and nothing else; accounting totals never move.

Runs on SQLite and PostgreSQL (the backend's storage fixtures)."""

from __future__ import annotations

from datetime import timedelta

from privacy_helpers import add_till, buy, identity_of, ledger_total
from sqlalchemy import select

from backend_stub.core.calendar_months import months_before
from backend_stub.privacy import analysis, consents, retention
from backend_stub.privacy.models import AnalysisPurchase, MemberSegment
from backend_stub.purchases import ledger
from backend_stub.purchases.models import LedgerEntry, Purchase

START_MONTHS = 37  # months 0..36: three years of monthly privacy job runs


def _month(start, n: int):
    return months_before(start, -n)


def test_three_years_of_retention_and_the_six_month_rule(backend):
    start = backend.now()
    till = add_till(backend)
    with backend.db.reading() as session:
        kari, nils, per = (identity_of(session, k) for k in ("kari", "nils", "per"))
    with backend.db.writing() as session:  # Kari and Nils say yes to analysis, Per never does
        consents.set_consent(session, start, kari.person_id, "analysis", True, source="app")
        consents.set_consent(session, start, nils.person_id, "analysis", True, source="app")

    bought: dict[str, tuple] = {}  # purchase id -> (who, completed_at)
    kari_withdraws = _month(start, 12) + timedelta(days=1)
    for n in range(START_MONTHS):
        now = _month(start, n) + timedelta(hours=n % 5)
        for who in ("kari", "nils", "per", None):
            if n % 3 == 0:  # a purchase each quarter for each, plus an anonymous one
                at = now + timedelta(minutes=5)
                bought[buy(backend, till, who, at)] = (who, at)
        if n == 12:
            backend.clock.set_now(kari_withdraws)
            with backend.db.writing() as session:
                consents.set_consent(
                    session, kari_withdraws, kari.person_id, "analysis", False, source="app"
                )
        job_at = now + timedelta(days=2)
        with backend.db.reading() as session:
            balances_before = {
                i.membership_id: ledger.balances(session, i.membership_id) for i in (kari, per)
            }
            total_before = ledger_total(session)
        report = retention.run_in_transaction(backend, job_at)
        cutoff = months_before(job_at, 27)
        assert report.cutoff == cutoff
        with backend.db.reading() as session:
            # accounting: every balance and the grand total are unchanged by the job
            assert ledger_total(session) == total_before
            for membership_id, before in balances_before.items():
                assert ledger.balances(session, membership_id) == before
            # retention: exactly the purchases older than the cutoff lost their member
            for row in session.scalars(select(Purchase)):
                who, at = bought[row.purchase_id]
                linked = row.member_id is not None or row.membership_id is not None
                assert linked == (who is not None and at >= cutoff), (row.purchase_id, n)
            # no ledger entry leads to an anonymised purchase's buyer
            old_entries = session.scalars(
                select(LedgerEntry)
                .join(Purchase, Purchase.id == LedgerEntry.purchase_pk)
                .where(Purchase.completed_at < cutoff)
            ).all()
            assert old_entries == []
            _check_analysis(session, job_at, cutoff, kari, nils, per, kari_withdraws, bought)
    assert n == 36


def _check_analysis(session, now, cutoff, kari, nils, per, kari_withdraws, bought):
    rows = session.scalars(select(AnalysisPurchase)).all()
    by_member = {}
    for row in rows:
        by_member.setdefault(row.member_id, []).append(row)
    # Per never consented: nothing of his was ever copied, and he has no segment
    assert per.member_id not in by_member
    assert session.get(MemberSegment, per.member_id) is None
    # copies exist only for purchases bought while consent held (all Nils's, Kari's first year)
    copied_ids = {r.purchase_pk for r in rows if r.purchase_pk is not None}
    for pk in copied_ids:
        purchase = session.get(Purchase, pk)
        who, at = bought[purchase.purchase_id]
        assert who in ("kari", "nils")
        if who == "kari":
            assert at < kari_withdraws
    # the 6-month rule: Kari's copies are linked until 6 months after she withdrew
    kari_linked = by_member.get(kari.member_id, [])
    if now >= months_before(kari_withdraws, -6):
        assert kari_linked == []
    else:
        assert kari_linked and all(r.bought_on >= cutoff.date() for r in kari_linked)
    # personal offers: Kari's stop the moment she withdraws, Nils keeps his
    kari_offers = analysis.offers_for(session, kari.member_id)
    assert (kari_offers is None) == (now >= kari_withdraws)
    nils_offers = analysis.offers_for(session, nils.member_id)
    assert nils_offers is not None and nils_offers["offers"]
    # Nils still consents: his copies stay linked until retention reaches them
    assert by_member.get(nils.member_id)
    for row in by_member[nils.member_id]:
        assert row.bought_on >= cutoff.date()
