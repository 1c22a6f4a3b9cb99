"""The cashier's everyday flow on the engine: scan, quantity, weight, labels, voids, cash."""

from __future__ import annotations

from pos.data import demo_products as demo
from pos.domain.lines import LineKind
from pos.journal import EventType
from pos.till import (
    NeedsAgeCheck,
    ReceiptReady,
    SaleChanged,
    UnknownCode,
    WeightNeeded,
)


def journal_types(till, sale_id=None):
    return [e.type for e in till.journal.entries(sale_id=sale_id)]


async def test_nothing_sells_before_login(make_till):
    till, events = make_till()
    await till.scan(demo.MILK)
    assert till.sale is None
    assert "till_error" in events.codes()


async def test_wrong_pin_is_refused_and_not_journaled(make_till):
    till, events = make_till()
    assert till.login("1", "9999") is None
    assert "login_failed" in events.codes()
    assert EventType.OPERATOR_LOGIN not in journal_types(till)


async def test_scan_opens_a_sale_and_journals_the_line_with_the_operator(till):
    await till.scan(demo.MILK, "ean13")
    sale = till.sale
    assert [line.product.gtin for line in sale.lines] == [demo.MILK]
    entries = list(till.journal.entries(sale_id=sale.sale_id))
    assert [e.type for e in entries] == [EventType.SALE_STARTED, EventType.LINE_ADDED]
    assert {e.operator_id for e in entries} == {"1"}
    assert till.events.last(SaleChanged).sale.lines == sale.lines


async def test_quantity_prefix_applies_to_the_next_scan_only(till):
    await till.enter_code("3*")
    await till.scan(demo.MILK)
    await till.scan(demo.BREAD)
    quantities = [line.quantity for line in till.sale.lines]
    assert quantities == [3, 1]


async def test_typed_quantity_and_code_in_one(till):
    await till.enter_code("2*" + demo.COLA_0_5L)
    item, deposit = till.sale.lines
    assert (item.quantity, deposit.kind, deposit.quantity) == (2, LineKind.DEPOSIT, 2)
    assert till.sale.totals.deposit_ore == 2 * 200


async def test_unknown_barcode_says_so_and_leaves_no_sale_behind(till):
    await till.scan("7000000000001")
    unknown = till.events.last(UnknownCode)
    assert unknown.code == "7000000000001"
    assert till.sale is None
    assert EventType.SALE_STARTED not in journal_types(till)


async def test_unknown_then_price_lookup_then_add(till):
    await till.scan("7000000000001")
    found = till.search("grovbrød 750")
    assert found and found[0].gtin == demo.BREAD
    product = till.price_lookup(found[0].gtin)
    assert product.price_ore > 0
    assert till.add_product(product.gtin) is True
    assert EventType.PRICE_LOOKUP in journal_types(till)
    assert [line.product.gtin for line in till.sale.lines] == [demo.BREAD]


async def test_loose_produce_by_plu_asks_for_the_weight(till):
    await till.enter_code(demo.BANANAS_PLU)
    needed = till.events.last(WeightNeeded)
    assert needed.product_name.lower().startswith("banan")
    assert till.add_weighed(needed.product_key, 1250)
    line = till.sale.lines[0]
    assert line.weight_g == 1250
    assert line.amount_ore == (line.unit_price_ore * 1250 + 500) // 1000  # half up to the øre


async def test_weight_and_price_labels(till):
    await till.scan(demo.CHEESE_452_G)
    await till.scan(demo.ENTRECOTE_189_KR)
    cheese, entrecote = till.sale.lines
    assert cheese.weight_g == 452
    assert entrecote.amount_ore == 18900


async def test_void_line_keeps_it_marked_and_journaled(till):
    await till.scan(demo.COLA_1_5L)
    await till.scan(demo.BREAD)
    assert till.void_line(1)
    lines = till.sale.lines
    assert [line.voided for line in lines] == [True, True, False]  # the deposit goes with it
    assert till.sale.totals.total_ore == lines[2].amount_ore
    assert EventType.LINE_VOIDED in journal_types(till, till.sale.sale_id)


async def test_void_sale_is_a_signed_void_transaction(till):
    await till.scan(demo.MILK)
    sale_id = till.sale.sale_id
    till.void_sale("customer left")
    assert till.sale is None
    voided = [e for e in till.journal.entries(sale_id=sale_id)
              if e.type == EventType.SALE_VOIDED]
    assert len(voided) == 1 and voided[0].cash is not None and voided[0].cash.signature
    assert till.outbox.pending_count() == 0


async def test_cash_payment_rounds_gives_change_and_queues_the_purchase(till):
    await till.scan(demo.MILK)
    await till.scan(demo.BREAD)
    total = till.sale.totals.total_ore
    sale_id = till.sale.sale_id
    till.pay_cash(50_000)
    receipt = till.events.last(ReceiptReady)
    rounded = (total + 50) // 100 * 100
    assert receipt.change_ore == 50_000 - rounded
    assert receipt.receipt_number == 1
    assert "kr" in receipt.text and "MVA" in receipt.text
    item = till.outbox.get(sale_id)
    assert item is not None and item.body["receipt_number"] == "1"
    tenders = item.body["tenders"]
    assert tenders == [{"kind": "cash", "amount_ore": rounded}]
    assert item.body["totals"] == {"total_ore": total, "rounding_ore": rounded - total}
    types = journal_types(till, sale_id)
    assert EventType.SALE_COMPLETED in types and EventType.DRAWER_OPENED in types
    assert EventType.RECEIPT_NOT_PRINTED in types  # no printer in a unit test, and it says so


async def test_part_cash_then_rest(till):
    await till.scan(demo.BREAD)
    total = till.sale.totals.total_ore
    till.pay_cash(1_000)
    assert till.sale is not None and till.sale.remaining_ore == total - 1_000
    till.pay_cash(None)
    assert till.sale is None
    assert till.events.last(ReceiptReady).receipt_number == 1


async def test_card_without_terminal_is_refused_clearly(till):
    await till.scan(demo.BREAD)
    assert till.pay_card() is None
    assert till.events.codes()[-1] == "till_error"
    assert till.sale is not None


async def test_coopay_without_backend_is_declined_as_unavailable(till):
    from pos.formats.coopay_qr import encode_payload
    from pos.till import PaymentFinished

    await till.scan(demo.BREAD)
    await till.scan(encode_payload(bytes(16), bytes(16)))
    finished = till.events.last(PaymentFinished)
    assert (finished.method, finished.outcome) == ("coopay", "unavailable")
    assert "ikke tilgjengelig" in finished.text.nb
    assert till.sale.remaining_ore == till.sale.totals.total_ore


async def test_age_check_is_asked_once_and_confirmed(till):
    await till.scan(demo.BEER)
    ask = till.events.last(NeedsAgeCheck)
    assert ask.required_age == 18
    till.pay_cash(None)
    assert till.sale is not None, "payment must wait for the age check"
    assert till.confirm_age()
    await till.scan(demo.SNUS)
    assert len(till.events.of(NeedsAgeCheck)) == 1, "one ID check per sale"
    till.pay_cash(None)
    assert till.sale is None


async def test_refusing_age_voids_the_restricted_items(till):
    await till.scan(demo.BREAD)
    await till.scan(demo.BEER)
    assert till.refuse_age()
    lines = till.sale.lines
    assert [line.voided for line in lines] == [False, True, True]  # beer and its deposit
    assert EventType.AGE_REFUSED in journal_types(till, till.sale.sale_id)


async def test_beer_outside_sales_hours_is_refused_with_the_hours(till, clock):
    from datetime import timedelta

    clock.now = clock.now.replace(hour=20, minute=30) - timedelta(days=0)
    await till.scan(demo.BEER)
    assert till.sale is None
    notice = till.events[-1]
    assert notice.code == "beer_hours"
    assert "20" in notice.text.nb


async def test_deposit_slip_is_redeemed_once_across_sales(till):
    await till.scan(demo.BREAD)
    await till.scan(demo.DEPOSIT_SLIP_25_KR)
    assert till.sale.lines[-1].kind is LineKind.DEPOSIT_SLIP
    till.pay_cash(None)
    await till.scan(demo.MILK)
    await till.scan(demo.DEPOSIT_SLIP_25_KR)
    assert len(till.sale.lines) == 1
    assert till.events.codes()[-1] == "slip_redeemed"


async def test_voiding_a_slip_line_makes_the_slip_redeemable_again(till):
    await till.scan(demo.BREAD)
    await till.scan(demo.DEPOSIT_SLIP_25_KR)
    till.void_line(2)
    await till.scan(demo.DEPOSIT_SLIP_25_KR)
    assert [line.voided for line in till.sale.lines] == [False, True, False]


async def test_logout_is_refused_while_a_sale_is_open(till):
    await till.scan(demo.BREAD)
    assert till.logout() is None
    till.suspend()
    assert till.logout() is True
    types = journal_types(till)
    assert types[-1] == EventType.OPERATOR_LOGOUT


async def test_one_copy_of_a_receipt_and_no_more(till):
    await till.scan(demo.BREAD)
    till.pay_cash(None)
    original = till.events.last(ReceiptReady)
    assert till.print_copy() is True
    copy = till.events.last(ReceiptReady)
    assert "KOPI" in copy.text and "KOPI" not in original.text
    assert copy.receipt_number == original.receipt_number
    assert till.print_copy(original.sale_id) is None
    assert till.events.codes()[-1] == "till_error"
    assert journal_types(till, original.sale_id).count(EventType.RECEIPT_COPY_PRINTED) == 1


async def test_training_mode_marks_the_sale_and_the_purchase(till):
    assert till.set_training(True)
    await till.scan(demo.BREAD)
    sale_id = till.sale.sale_id
    till.pay_cash(None)
    assert till.outbox.get(sale_id).body["training"] is True
    assert till.set_training(False)
    await till.scan(demo.BREAD)
    assert till.sale.training is False


async def test_drawer_opened_by_hand_is_journaled(till):
    assert till.open_drawer()
    last = till.journal.last_entry()
    assert last.type == EventType.DRAWER_OPENED and last.payload["manual"] is True
    assert last.operator_id == "1"


async def test_a_cash_part_payment_can_be_taken_back_and_the_sale_voided(till):
    await till.scan(demo.BREAD)
    till.pay_cash(1_000)
    assert await till.void_payment(1) is True
    assert till.sale.remaining_ore == till.sale.totals.total_ore
    assert [t.voided for t in till.sale.tenders] == [True]
    till.void_sale("changed her mind")
    assert till.sale is None
