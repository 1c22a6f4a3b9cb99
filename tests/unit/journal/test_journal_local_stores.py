"""Redeemed deposit slips (once per store) and card reads waiting for the backend."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from pos.formats.member_card import DEFAULT_FORMAT
from pos.journal import (
    DepositSlips,
    EventType,
    Journal,
    PayloadError,
    SlipAlreadyRedeemed,
    SlipNotRedeemed,
)
from pos.sync.card_reads import CardReadError, CardReadState, PendingCardReads

SLIP = "2900001002008"


@pytest.fixture
def slips(journal: Journal) -> DepositSlips:
    return DepositSlips.for_journal(journal)


@pytest.fixture
def card_reads(journal: Journal) -> PendingCardReads:
    return PendingCardReads.for_journal(journal)


def test_a_slip_is_redeemed_once(slips):
    first = slips.redeem(SLIP, 2000, sale_id="s-1")
    assert (first.amount, first.sale_id, first.store_id) == (2000, "s-1", "S1")
    with pytest.raises(SlipAlreadyRedeemed, match=f"{SLIP} was redeemed already") as caught:
        slips.redeem(SLIP, 2000, sale_id="s-2")
    assert caught.value.redemption.sale_id == "s-1"
    assert slips.is_redeemed(SLIP)


def test_the_redemption_is_per_store(journal_path, clock, slips, journal):
    slips.redeem(SLIP, 2000)
    other_store = DepositSlips(journal.db, "S2", clock)
    assert not other_store.is_redeemed(SLIP)
    other_store.redeem(SLIP, 2000)


def test_a_released_slip_can_be_redeemed_again_and_the_history_is_kept(slips):
    slips.redeem(SLIP, 2000, sale_id="s-1")
    released = slips.release(SLIP, reason="line voided")
    assert released.released_at is not None and released.release_reason == "line voided"
    assert not slips.is_redeemed(SLIP)
    slips.redeem(SLIP, 2000, sale_id="s-2")
    assert [r.sale_id for r in slips.history(SLIP)] == ["s-1", "s-2"]
    with pytest.raises(SlipNotRedeemed):
        slips.release("2900009999999", reason="?")


@pytest.mark.parametrize(("code", "amount"), [("", 200), (SLIP, 0), (SLIP, -200), (SLIP, 2.0)])
def test_bad_slips_are_refused(slips, code, amount):
    with pytest.raises(PayloadError):
        slips.redeem(code, amount)


def test_redeeming_with_the_sale_line_is_atomic(journal, slips):
    sale_id = journal.start_sale().sale_id
    slips.redeem(SLIP, 2000, sale_id=sale_id)
    with pytest.raises(SlipAlreadyRedeemed), journal.atomic():
        journal.append(EventType.LINE_ADDED, {"slip": SLIP, "price": -2000}, sale_id=sale_id)
        slips.redeem(SLIP, 2000, sale_id=sale_id)
    replay = journal.open_sale()
    assert replay is not None and [e.type for e in replay.events] == [EventType.SALE_STARTED]


def test_redemptions_cannot_be_deleted_or_rewritten(slips, journal_path):
    slips.redeem(SLIP, 2000)
    conn = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="kept"):
            conn.execute("DELETE FROM deposit_slips")
        with pytest.raises(sqlite3.IntegrityError, match="released"):
            conn.execute("UPDATE deposit_slips SET amount = 1")
    finally:
        conn.close()


def test_a_card_read_offline_waits_and_is_resolved_later(card_reads):
    card = DEFAULT_FORMAT.make(4711)
    read = card_reads.add(card, source="msr", sale_id="s-1")
    assert read.state == CardReadState.PENDING
    assert card not in repr(read) and read.masked_number.endswith(card[-4:])
    assert [r.id for r in card_reads.due()] == [read.id]
    done = card_reads.resolve(read.id, member_ref="m-123")
    assert done.state == CardReadState.RESOLVED and done.member_ref == "m-123"
    assert card_reads.pending_count() == 0
    with pytest.raises(CardReadError, match="resolved, not pending"):
        card_reads.resolve(read.id, member_ref="m-456")


def test_a_card_read_that_fails_to_resolve_backs_off(journal, clock):
    card_reads = PendingCardReads(journal.db, clock, backoff_base=timedelta(minutes=1))
    read = card_reads.add("0A1B2C3D4E", source="rfid")
    retry_at = card_reads.mark_failed(read.id, "ConnectError")
    assert retry_at > clock.now
    assert card_reads.due() == []
    clock.advance(timedelta(minutes=2))
    assert [r.id for r in card_reads.due()] == [read.id]
    assert card_reads.get(read.id).attempts == 1


def test_an_unknown_card_is_answered_and_purged_later(card_reads, clock):
    read = card_reads.add("0A1B2C3D4E", source="rfid")
    unknown = card_reads.mark_unknown(read.id, "no member with this card")
    assert unknown.state == CardReadState.UNKNOWN
    clock.advance(timedelta(days=2))
    assert card_reads.purge_finished(before=clock.now - timedelta(days=1)) == 1
    assert card_reads.get(read.id) is None


def test_pending_card_reads_cannot_be_deleted(card_reads, journal_path):
    card_reads.add("0A1B2C3D4E", source="rfid")
    conn = sqlite3.connect(journal_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="waiting for the backend"):
            conn.execute("DELETE FROM card_reads")
    finally:
        conn.close()


def test_an_empty_card_read_is_refused(card_reads):
    with pytest.raises(PayloadError):
        card_reads.add("  ", source="msr")
