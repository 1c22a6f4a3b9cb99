"""Returns through the till: by the receipt's barcode or number, partial or whole, refunded
the way the money came, on a return receipt that names the original."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend_stub.purchases.schemas import PurchaseIn
from pos.compliance.ledger import read_ledger
from pos.compliance.reports import x_report
from pos.compliance.returns import (
    ReturnRefused,
    parse_receipt_reference,
    plan_return,
    receipt_code,
)
from pos.journal import TransactionKind
from tests.fixtures.register_sales import MILK, MILK_1L, MILK_175, answer, sell


def _cash_tx(till, nr):
    entry = till.journal.cash_transaction(nr)
    assert entry is not None and entry.cash is not None
    return entry.cash


async def test_a_partial_return_by_barcode_refunds_cash_on_a_return_receipt(till, hub):
    nr = await sell(till, hub, {MILK: 3, MILK_1L: 1})
    lines = till.returnable(receipt_code("3", nr))
    milk = next(r for r in lines if r.line.art_id == MILK)
    assert milk.quantity_left == 3
    back = await till.start_return(receipt_code("3", nr), {milk.line.line_id: 2})
    assert back == nr + 1
    cash = _cash_tx(till, back)
    assert (cash.kind, cash.amount_in) == (TransactionKind.RETURN, -2980)
    text = hub.printed[-1]
    assert "Returkvittering" in text and f"Retur av kvittering nr. {nr}" in text
    assert "-29,80" in text
    left = {r.line.art_id: r.quantity_left for r in till.returnable(str(nr))}
    assert left == {MILK: 1, MILK_1L: 1}


async def test_returning_everything_left_adds_up_to_the_ore_and_then_nothing_is_left(till, hub):
    nr = await sell(till, hub, {MILK: 3})
    first = await till.start_return(str(nr), {1: 1})
    rest = await till.start_return(str(nr))  # None: all that is left
    assert _cash_tx(till, first).amount_in + _cash_tx(till, rest).amount_in == -3 * 1490
    assert await till.start_return(str(nr)) is None
    assert "Ingenting igjen" in hub.notices[-1] or "Nothing is left" in hub.notices[-1]


async def test_more_than_was_bought_or_an_unknown_receipt_is_refused(till, hub):
    nr = await sell(till, hub, {MILK: 1})
    with pytest.raises(ReturnRefused):
        plan_return(read_ledger(till.journal), nr, {1: 2})
    with pytest.raises(ReturnRefused):
        plan_return(read_ledger(till.journal), 999)
    assert await till.start_return("KV9-1") is None  # another register's receipt
    assert "register 9" in hub.notices[-1]
    entries = list(till.journal.entries())
    assert not [e for e in entries if e.cash and e.cash.kind is TransactionKind.RETURN]


async def test_a_card_sale_is_refunded_to_the_card_through_the_terminal(till, hub):
    nr = await sell(till, hub, {MILK_175: 1}, pay="card")
    assert await till.start_return(str(nr)) is None  # waits for the terminal
    _, amount = hub.payment.requests[-1]
    assert amount == 3890
    await answer(till, hub, 3890, kind="refund")
    ledger = read_ledger(till.journal)
    back = ledger.transactions[-1]
    assert back.kind is TransactionKind.RETURN and back.return_of == nr
    assert [(p.kind, p.amount_ore) for p in back.payments] == [("card", -3890)]
    assert back.payments[0].reference.startswith("BAX-")


async def test_a_declined_card_refund_is_paid_out_in_cash(till, hub):
    nr = await sell(till, hub, {MILK_175: 1}, pay="card")
    await till.start_return(str(nr))
    await answer(till, hub, 3890, kind="refund", outcome="declined")
    back = read_ledger(till.journal).transactions[-1]
    assert [(p.kind, p.amount_ore) for p in back.payments] == [("cash", -3890)]
    assert "kontant" in hub.notices[-1] or "cash" in hub.notices[-1]


async def test_the_return_goes_to_the_backend_as_a_return_of_the_original_purchase(till, hub):
    nr = await sell(till, hub, {MILK: 2})
    back = await till.start_return(str(nr), {1: 1})
    row = till.journal.db.query_one(
        "SELECT body FROM outbox ORDER BY id DESC LIMIT 1")
    body = json.loads(row[0])
    purchase = PurchaseIn.model_validate(body)  # the backend's own schema accepts it
    assert purchase.kind == "return"
    assert str(purchase.original_purchase_id) == hub.sale_ids[nr]
    assert body["receipt_number"] == str(back)
    assert [(ln["quantity"], ln["amount_ore"]) for ln in body["lines"]] == [(-1, -1490)]
    assert sum(t["amount_ore"] for t in body["tenders"]) == body["totals"]["total_ore"] == -1490


async def test_returns_show_in_the_reports_and_the_net(till, hub):
    nr = await sell(till, hub, {MILK: 2})
    await till.start_return(str(nr), {1: 1})
    report = x_report(till.journal, record=False)
    assert (report.returns.num, report.returns.amount_ore) == (1, -1490)
    assert report.net_sales_ore == 1490
    # one sale with the group minus one return with it, as artGroupNum in the official example
    assert report.groups["meieri"].num == 0


@given(st.text(max_size=30))
def test_any_text_is_a_receipt_number_or_a_clear_refusal(text):
    try:
        nr = parse_receipt_reference(text, "3")
    except ReturnRefused as refused:
        assert refused.text.nb and refused.text.en
    else:
        assert nr >= 0 and str(nr) in text


@given(st.integers(min_value=1, max_value=999_999_999))
def test_a_receipt_barcode_round_trips(nr):
    assert parse_receipt_reference(receipt_code("3", nr), "3") == nr
    assert parse_receipt_reference(f" {nr} ", "3") == nr


async def test_a_return_receipt_gets_one_copy_marked_kopi(till, hub):
    nr = await sell(till, hub, {MILK: 2})
    back = await till.start_return(str(nr), {1: 1})
    assert till.print_copy()  # the last receipt: the return
    copy = hub.printed[-1]
    assert "KOPI" in copy and "Returkvittering" in copy and f"nr. {back}" in copy
    assert till.print_copy(hub.sale_ids[back]) is None
    assert "copied once already" in hub.notices[-1]
    assert till.print_copy(hub.sale_ids[nr])  # the original sale has its own one copy
