"""The purchase the outbox sends is one the backend's own schema accepts, for any sale.

The backend's pydantic model is the contract (docs/api.md); validating against it
here catches a field the backend would refuse long before a functional test does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from till_helpers import open_till

from backend_stub.purchases.schemas import PurchaseIn
from pos.data import demo_products as demo

ITEMS = [demo.MILK, demo.BREAD, demo.COLA_0_5L, demo.COLA_1_5L, demo.YOGHURT, demo.PIZZA,
         demo.MINCE, demo.CHEESE_452_G, demo.ENTRECOTE_189_KR, demo.GIFT_CARD, demo.NEWSPAPER]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scans=st.lists(st.sampled_from(ITEMS), min_size=1, max_size=12),
       voids=st.lists(st.integers(1, 12), max_size=3),
       cash_first=st.integers(0, 5))
async def test_every_completed_sale_queues_a_valid_purchase(catalog, scans, voids, cash_first):
    with tempfile.TemporaryDirectory() as tmp:
        till = open_till(Path(tmp), catalog)
        try:
            await check_purchase(till, scans, voids, cash_first)
        finally:
            till.journal.close()


async def check_purchase(till, scans, voids, cash_first):
    till.login("1", "1234")
    for code in scans:
        await till.scan(code)
    for line_id in voids:
        till.void_line(line_id)
    sale = till.sale
    if sale is None or not any(not line.voided for line in sale.lines):
        return
    sale_id = sale.sale_id
    if cash_first and sale.remaining_ore > cash_first * 100:
        till.pay_cash(cash_first * 100)
    till.pay_cash(None)
    body = till.outbox.get(sale_id).body
    purchase = PurchaseIn.model_validate(body)
    live = [line for line in purchase.lines if not line.voided]
    assert sum(line.amount_ore for line in live) == purchase.totals.total_ore
    assert (sum(t.amount_ore for t in purchase.tenders)
            == purchase.totals.total_ore + purchase.totals.rounding_ore)
