"""X and Z reports through the till: figures, numbering, one Z per day, the printout."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pos.compliance.report_text import render_report
from pos.compliance.reports import x_report
from pos.domain.receipt_text import screen_text
from pos.journal import EventType, ZReportRefused
from tests.fixtures.register_sales import MILK, MILK_1L, MILK_175, sell


async def test_x_report_sums_sales_payments_groups_and_vat(till, hub):
    await sell(till, hub, {MILK: 2})                       # 29.80 cash
    await sell(till, hub, {MILK_1L: 1}, pay="card")        # 23.90 card
    ready = till.x_report()
    report = ready.report
    assert (report.sales.num, report.sales.amount_ore) == (2, 2980 + 2390)
    assert report.payments["card"].amount_ore == 2390
    assert report.payments["cash"].amount_ore == 2980 + report.cash_rounding_ore
    assert report.groups["meieri"].num == 2  # sales with the group (SAF-T artGroupNum), not items
    (vat,) = report.vat
    assert vat.rate == 15 and vat.gross_ore == 5370 and vat.net_ore + vat.vat_ore == 5370
    assert report.operator_sales["1"].amount_ore == 5370
    assert "X-RAPPORT" in ready.text and "kr 53,70" in ready.text
    assert screen_text(hub.printed[-1]) == ready.text  # the printer gets the title marked large
    last = till.journal.last_entry()
    assert last.type is EventType.REPORT_X
    assert last.payload["report"]["sales"] == {"num": 2, "amount_ore": 5370}


async def test_z_report_is_numbered_closes_the_period_and_runs_once_a_day(till, hub, clock):
    await sell(till, hub, {MILK: 1})
    first = till.z_report()
    assert first.number == 1 and first.report.sales.num == 1
    await sell(till, hub, {MILK_175: 1})
    assert till.z_report() is None  # refused: the same day
    assert "allerede" in hub.notices[-1] or "already" in hub.notices[-1]
    assert [e.type for e in till.journal.entries()].count(EventType.REPORT_Z) == 1
    clock.advance(timedelta(days=1))
    second = till.z_report()
    assert second.number == 2
    assert (second.report.sales.num, second.report.sales.amount_ore) == (1, 3890)
    assert second.report.grand_total_sales_ore == 1490 + 3890  # grand totals never reset


async def test_the_journal_refuses_a_z_report_out_of_turn(till, hub, clock):
    journal = till.journal
    with pytest.raises(ZReportRefused, match="number 1"):
        journal.append(EventType.REPORT_Z, {"number": 2})
    till.add_product(MILK)
    clock.advance(timedelta(days=1))
    with pytest.raises(ZReportRefused, match="is open"):
        journal.append(EventType.REPORT_Z, {"number": 1})


async def test_voids_training_copies_drawer_and_lookups_are_counted_apart(till, hub):
    nr = await sell(till, hub, {MILK: 1})
    assert hub.barcodes[-1] == f"KV3-{nr}"  # the receipt's code, for a return by scan
    till.add_product(MILK_1L)
    till.void_sale("kunden angret")
    assert till.set_training(True)
    await sell(till, hub, {MILK_175: 2})
    assert "TRENINGSKVITTERING" in hub.printed[-1]
    assert till.set_training(False)
    assert till.print_copy(hub.sale_ids[nr])
    assert till.open_drawer("veksle")
    till.price_lookup(MILK)
    report = x_report(till.journal, record=False)
    assert (report.sales.num, report.sales.amount_ore) == (1, 1490)
    assert (report.voids.num, report.voids.amount_ore) == (1, 2390)
    assert (report.training.num, report.training.amount_ore) == (1, 7780)
    assert (report.copies.num, report.copies.amount_ore) == (1, 1490)
    assert report.no_sale_openings == 1
    assert report.drawer_openings == 3  # two cash sales (one in training), one by hand
    assert report.price_lookups == 1
    assert "meieri" in report.groups and report.groups["meieri"].num == 1


async def test_cash_float_withdrawal_and_count_give_the_difference(till, hub):
    assert till.opening_float(100_000)
    await sell(till, hub, {MILK: 1})  # 14.90 → 15.00 in cash (rounded)
    assert till.withdraw_cash(50_000, "safe")
    assert till.count_cash(50_000)
    report = x_report(till.journal, record=False)
    assert report.cash_expected_ore == 100_000 + 1500 - 50_000
    assert report.cash_difference_ore == 50_000 - report.cash_expected_ore == -1500
    assert till.withdraw_cash(0) is None  # refused, with a reason
    assert "0 kr" in hub.notices[-1]


async def test_the_printout_is_in_bokmal_or_english(till, hub):
    await sell(till, hub, {MILK: 1})
    report = x_report(till.journal, record=False)
    nb, en = render_report(report, "nb"), render_report(report, "en")
    assert "Per varegruppe" in nb and "Meieri (1)" in nb and "MVA per sats" in nb
    assert "Per product group" in en and "Dairy (1)" in en and "Grand total net" in en


async def test_training_is_switched_by_a_supervisor_only(till, hub):
    till.logout()
    till.login("2", "2222")  # a trainee
    assert till.set_training(True) is None
    assert "supervisor" in hub.notices[-1]
    assert not till.journal.training
    assert till.set_training(True, supervisor_id="2", pin="2222") is None
    assert till.set_training(True, supervisor_id="1", pin="0000") is None  # wrong PIN
    assert till.set_training(True, supervisor_id="1", pin="1234")
    assert till.journal.training
    await sell(till, hub, {MILK: 1})
    assert till.set_training(False, supervisor_id="1", pin="1234")
    report = x_report(till.journal, record=False)
    assert (report.training.num, report.sales.num) == (1, 0)


async def test_a_provisional_receipt_is_marked_has_no_number_and_is_counted(till, hub):
    assert till.print_provisional() is None  # nothing to show yet
    till.add_product(MILK, 2)
    text = till.print_provisional()
    assert "FORELØPIG KVITTERING" in text and "IKKE GYLDIG KJØPSKVITTERING" in text
    assert "SALGSKVITTERING" not in text and "Kvittering nr." not in text
    assert "29,80" in text and screen_text(hub.printed[-1]) == text
    till.pay_cash()
    report = x_report(till.journal, record=False)
    assert (report.provisional.num, report.provisional.amount_ore) == (1, 2980)
    assert report.sales.num == 1
