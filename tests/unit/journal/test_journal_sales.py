"""A sale's life in the journal: open, replay, suspend, complete (signed), void, receipts."""

from __future__ import annotations

import pytest
from journal_helpers import START, documented_text, independently_verified, raw_rows

from pos.journal import (
    CopyLimitReached,
    EventType,
    Journal,
    JournalError,
    PayloadError,
    SaleStateError,
    SaleStatus,
    TransactionKind,
    signing,
)
from pos.journal.signing import public_pem


def _sale_with_lines(journal: Journal, *prices: int) -> str:
    sale_id = journal.start_sale().sale_id
    for number, price in enumerate(prices, 1):
        journal.append(EventType.LINE_ADDED, {"line": number, "price": price}, sale_id=sale_id)
    return sale_id


def test_a_new_sale_gets_a_uuid_and_is_the_open_sale(journal):
    journal.login("1001")
    started = journal.start_sale({"lane": "self-checkout"})
    assert len(started.sale_id) == 36
    open_sale = journal.open_sale()
    assert open_sale is not None
    sale_id, events = open_sale
    assert sale_id == started.sale_id
    assert events == [started]


def test_open_sale_replays_exactly_the_sale_operations_after_reopening(journal_path, clock):
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        j.login("1001")
        sale_id = _sale_with_lines(j, 2490, 1990)
        j.append(EventType.QUANTITY_CHANGED, {"line": 1, "qty": 3}, sale_id=sale_id)
        j.append(EventType.LINE_VOIDED, {"line": 2}, sale_id=sale_id)
        j.append(EventType.MEMBER_ATTACHED, {"card": "9578010000047119"}, sale_id=sale_id)
        j.append(EventType.PRICE_LOOKUP, {"gtin": "1"})  # not part of the sale
        written = list(j.entries(sale_id=sale_id))
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        replay = j.open_sale()
    assert replay is not None
    assert replay.sale_id == sale_id
    assert replay.events == written
    assert [e.type for e in replay.events] == [
        EventType.SALE_STARTED, EventType.LINE_ADDED, EventType.LINE_ADDED,
        EventType.QUANTITY_CHANGED, EventType.LINE_VOIDED, EventType.MEMBER_ATTACHED,
    ]


def test_no_open_sale_after_it_completed(journal):
    sale_id = _sale_with_lines(journal, 2490)
    journal.complete_sale(sale_id, amount_in=2490, amount_ex=2165)
    assert journal.open_sale() is None
    assert journal.sale_status(sale_id) == SaleStatus.COMPLETED


def test_completing_signs_a_numbered_cash_transaction_that_verifies_independently(
    journal, journal_path
):
    first = _sale_with_lines(journal, 2490)
    done = journal.complete_sale(first, amount_in=2490, amount_ex=2165, payload={"lines": 1})
    second = _sale_with_lines(journal, 11600)
    returned = journal.complete_sale(second, amount_in=-1640, amount_ex=-1426,
                                     kind=TransactionKind.RETURN)
    assert done.cash is not None and returned.cash is not None
    assert (done.cash.nr, returned.cash.nr) == (1, 2)
    assert done.cash.receipt_nr == 1
    assert returned.cash.kind == TransactionKind.RETURN
    assert done.cash.key_version == "1"
    pem = public_pem(journal.public_keys()["1"]).encode()
    assert independently_verified(pem, raw_rows(journal_path)) == [1, 2]


def test_the_first_signed_text_starts_with_zero_and_uses_local_date_time(journal, journal_path):
    sale_id = _sale_with_lines(journal, 8640)
    journal.complete_sale(sale_id, amount_in=8640, amount_ex=7512)
    row = next(r for r in raw_rows(journal_path) if r["trans_nr"] == 1)
    # START is 12:00:00 Oslo; key, sale.started, line, completion are the 1st..4th readings
    assert row["ts"] == START.replace(second=3).isoformat(timespec="microseconds")
    assert documented_text("0", row) == "0;2024-05-02;12:00:03;1;86.40;75.12"
    assert signing.signed_text("0", START.replace(second=3), 1, 8640, 7512) == (
        "0;2024-05-02;12:00:03;1;86.40;75.12"
    )


def test_voiding_the_open_sale_is_a_signed_void_transaction(journal):
    sale_id = _sale_with_lines(journal, 2490, 1990)
    voided = journal.void_sale(sale_id, amount_in=4480, amount_ex=3896, payload={"reason": "kunde"})
    assert voided.type == EventType.SALE_VOIDED
    assert voided.cash is not None and voided.cash.kind == TransactionKind.VOID
    assert journal.open_sale() is None
    assert journal.sale_status(sale_id) == SaleStatus.VOIDED


def test_a_void_cannot_be_passed_as_a_completion_kind(journal):
    sale_id = _sale_with_lines(journal, 100)
    with pytest.raises(JournalError, match="void_sale"):
        journal.complete_sale(sale_id, amount_in=100, amount_ex=80, kind=TransactionKind.VOID)


@pytest.mark.parametrize("amount", [24.9, "24,90", True, None])
def test_amounts_must_be_integer_ore(journal, amount):
    sale_id = _sale_with_lines(journal, 2490)
    with pytest.raises(PayloadError, match="integer øre"):
        journal.complete_sale(sale_id, amount_in=amount, amount_ex=0)
    assert journal.open_sale().sale_id == sale_id  # nothing was closed


def test_only_one_sale_is_open_at_a_time(journal):
    first = journal.start_sale().sale_id
    with pytest.raises(SaleStateError, match=f"sale {first} is open"):
        journal.start_sale()


def test_operations_for_a_sale_that_is_not_open_are_refused(journal):
    sale_id = _sale_with_lines(journal, 100)
    journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
    with pytest.raises(SaleStateError, match="no sale is open"):
        journal.append(EventType.LINE_ADDED, {"price": 1}, sale_id=sale_id)
    with pytest.raises(SaleStateError, match="needs a sale id"):
        journal.append(EventType.LINE_ADDED, {"price": 1})


def test_a_sale_id_cannot_be_reused(journal):
    sale_id = _sale_with_lines(journal, 100)
    journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
    with pytest.raises(SaleStateError, match="already used"):
        journal.start_sale(sale_id=sale_id)


def test_suspend_and_resume(journal_path, clock):
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        parked = _sale_with_lines(j, 2490)
        j.append(EventType.SALE_SUSPENDED, sale_id=parked)
        assert j.open_sale() is None
        other = _sale_with_lines(j, 990)
        j.complete_sale(other, amount_in=990, amount_ex=861)
    with Journal.open(journal_path, register_id="K1", store_id="S1", clock=clock) as j:
        assert [s.sale_id for s in j.suspended_sales()] == [parked]
        j.append(EventType.SALE_RESUMED, sale_id=parked)
        assert j.suspended_sales() == []
        resumed = j.open_sale()
    assert resumed is not None and resumed.sale_id == parked
    assert [e.type for e in resumed.events][-1] == EventType.SALE_RESUMED


def test_resuming_a_sale_that_is_not_suspended_is_refused(journal):
    sale_id = _sale_with_lines(journal, 100)
    journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
    with pytest.raises(SaleStateError, match="not suspended"):
        journal.append(EventType.SALE_RESUMED, sale_id=sale_id)


def test_training_mode_cannot_change_during_a_sale(journal):
    _sale_with_lines(journal, 100)
    with pytest.raises(SaleStateError, match="not possible while sale"):
        journal.set_training(True)


def test_training_sales_are_signed_in_the_same_chain_and_marked(journal):
    journal.set_training(True)
    sale_id = _sale_with_lines(journal, 100)
    done = journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
    assert done.training is True and done.cash is not None and done.cash.nr == 1


def test_at_most_one_copy_of_a_receipt(journal):
    sale_id = _sale_with_lines(journal, 100)
    with pytest.raises(SaleStateError, match="not finished"):
        journal.append(EventType.RECEIPT_COPY_PRINTED, sale_id=sale_id)
    journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
    journal.append(EventType.RECEIPT_PRINTED, sale_id=sale_id)
    journal.append(EventType.RECEIPT_COPY_PRINTED, {"marked": "KOPI"}, sale_id=sale_id)
    with pytest.raises(CopyLimitReached, match="printed already"):
        journal.append(EventType.RECEIPT_COPY_PRINTED, sale_id=sale_id)
    assert journal.copies_printed(sale_id) == 1


def test_events_naming_an_unknown_sale_are_refused(journal):
    with pytest.raises(SaleStateError, match="does not know"):
        journal.append(EventType.DRAWER_OPENED, sale_id="no-such-sale")


def test_a_failed_atomic_block_leaves_no_trace_in_file_or_state(journal, journal_path):
    journal.login("1001")
    before = len(raw_rows(journal_path))
    with pytest.raises(RuntimeError), journal.atomic():
        sale_id = _sale_with_lines(journal, 2490)
        journal.complete_sale(sale_id, amount_in=2490, amount_ex=2165)
        raise RuntimeError("printer on fire")
    assert len(raw_rows(journal_path)) == before
    assert journal.open_sale() is None
    again = _sale_with_lines(journal, 100)
    assert journal.complete_sale(again, amount_in=100, amount_ex=80).cash.nr == 1


def test_a_refused_event_inside_an_atomic_block_undoes_only_itself(journal):
    with journal.atomic():
        sale_id = journal.start_sale().sale_id
        with pytest.raises(SaleStateError):
            journal.start_sale()
        journal.append(EventType.LINE_ADDED, {"price": 100}, sale_id=sale_id)
    replay = journal.open_sale()
    assert replay is not None and len(replay.events) == 2


def test_looking_up_a_cash_transaction_by_number(journal):
    sale_id = _sale_with_lines(journal, 100)
    done = journal.complete_sale(sale_id, amount_in=100, amount_ex=80)
    assert journal.cash_transaction(1) == done
    assert journal.cash_transaction(2) is None


def test_a_late_terminal_answer_for_a_voided_sale_is_still_recorded(journal):
    sale_id = _sale_with_lines(journal, 2490)
    journal.append(EventType.PAYMENT_TERMINAL_RESULT, {"result": "timeout"}, sale_id=sale_id)
    journal.void_sale(sale_id, amount_in=2490, amount_ex=2165)
    late = journal.append(EventType.PAYMENT_TERMINAL_RESULT,
                          {"result": "approved", "terminal_tx": "BAX-1", "amount": 2490},
                          sale_id=sale_id)
    assert late.sale_id == sale_id and journal.open_sale() is None
