"""Receipts and X/Z reports as they come out of the printer, read back by the rig's decoder.

§2-8-4: the receipt's title first and larger than the amounts, "KOPI" enlarged, a
training receipt never headed SALGSKVITTERING; §2-8-2/3: reports headed with the
company, its organisation number + MVA, and times for people (`02.12.2026 16:41`).
"""

from __future__ import annotations

import re

from devices.escpos_decoder import EscPosDecoder
from devices.printer import encode_receipt
from pos.domain.receipt_text import screen_text
from tests.fixtures.register_sales import MILK, sell


def _paper(text: str) -> tuple[str, list[str]]:
    decoder = EscPosDecoder()
    (receipt,) = decoder.feed(encode_receipt(text))
    return receipt, decoder.large_lines


async def test_the_sale_receipt_title_is_first_and_printed_large(till, hub):
    await sell(till, hub, {MILK: 2})
    paper, large = _paper(hub.printed[-1])
    assert paper.splitlines()[0].strip() == "SALGSKVITTERING"
    assert large == ["SALGSKVITTERING"]  # and no amount
    assert "?" not in paper


async def test_the_copy_has_kopi_printed_large(till, hub):
    await sell(till, hub, {MILK: 1})
    assert till.print_copy()
    paper, large = _paper(hub.printed[-1])
    assert large == ["SALGSKVITTERING", "KOPI"]
    assert paper.count("KOPI") == 2


async def test_a_training_receipt_is_headed_treningskvittering_only(till, hub):
    assert till.set_training(True, supervisor_id="1", pin="1234")
    await sell(till, hub, {MILK: 1})
    paper, large = _paper(hub.printed[-1])
    assert large == ["TRENINGSKVITTERING"]
    assert "SALGSKVITTERING" not in paper
    assert paper.splitlines()[1].strip() == "IKKE GYLDIG KJØPSKVITTERING"


async def test_x_report_is_headed_with_the_company_and_times_for_people(till, hub):
    await sell(till, hub, {MILK: 1})
    ready = till.x_report()
    paper, large = _paper(hub.printed[-1])
    assert large == ["X-RAPPORT"]
    assert "Coop Demo SA" in paper and "Org.nr. 999 999 999 MVA" in paper
    assert "Kasse" in paper
    period = next(line for line in paper.splitlines() if line.startswith("Periode"))
    assert re.fullmatch(r"Periode \d\d\.\d\d\.\d{4} \d\d:\d\d - \d\d\.\d\d\.\d{4} \d\d:\d\d",
                        period), period
    assert not re.search(r"\d{4}-\d\d-\d\dT", paper)  # no raw ISO timestamps
    assert screen_text(hub.printed[-1]) == ready.text


async def test_openings_without_a_sale_are_counted_apart_on_the_report(till, hub):
    await sell(till, hub, {MILK: 1})
    assert till.open_drawer("veksle")
    ready = till.x_report()
    assert ready.report.no_sale_openings == 1
    assert ready.report.drawer_openings > ready.report.no_sale_openings
    assert "herav uten salg" in ready.text
