"""Bank card payments through the payment terminal on its pty: prompts, approve, decline,
cancel, timeout, and a card part in a split tender."""

from __future__ import annotations

import pytest
from till_harness import EngineHarness, till_config

from pos.data import demo_products as demo
from pos.journal import EventType
from pos.till import PaymentFinished, PaymentProgress, ReceiptReady

pytestmark = pytest.mark.slow


async def open_sale(h: EngineHarness) -> None:
    h.till.login("1", "1234")
    await h.till.scan(demo.BREAD)
    await h.till.scan(demo.MILK)


async def card_answer(h: EngineHarness, count: int) -> PaymentFinished:
    finished = await h.until(
        lambda: len([e for e in h.events if isinstance(e, PaymentFinished)]) >= count,
        what=f"card answer #{count}")
    assert finished
    return [e for e in h.events if isinstance(e, PaymentFinished)][count - 1]


async def test_declined_then_approved_card(backend_server, rig, tmp_path):
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        await open_sale(h)
        total = h.till.sale.totals.total_ore
        rig.pay("decline")
        h.till.pay_card()
        declined = await card_answer(h, 1)
        assert (declined.method, declined.outcome) == ("card", "declined")
        assert h.till.sale is not None and h.till.sale.remaining_ore == total
        prompts = [e.code for e in h.events if isinstance(e, PaymentProgress)]
        assert "REQUESTED" in prompts and len(prompts) > 1  # the terminal's own prompts too

        rig.pay("approve")
        h.till.pay_card()
        approved = await card_answer(h, 2)
        assert approved.outcome == "approved" and approved.amount_ore == total
        receipt = await h.until(lambda: h.last(ReceiptReady), what="receipt")
        assert approved.reference and approved.reference in receipt.text
        results = [e.payload["outcome"] for e in h.till.journal.entries(sale_id=receipt.sale_id)
                   if e.type == EventType.PAYMENT_TERMINAL_RESULT]
        assert results == ["declined", "approved"]
        assert h.till.outbox.get(receipt.sale_id).body["tenders"][0]["kind"] == "card"


async def test_cashier_cancels_and_terminal_timeout(backend_server, rig, tmp_path):
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        await open_sale(h)
        h.till.pay_card()
        await h.until(lambda: rig.status()["devices"]["terminal"]["pending"], what="request")
        assert h.till.cancel_card_payment()
        cancelled = await card_answer(h, 1)
        assert cancelled.outcome == "cancelled"

        rig.pay("timeout")
        h.till.pay_card()
        timed_out = await card_answer(h, 2)
        assert timed_out.outcome == "timeout"
        assert "tid" in timed_out.text.nb
        assert h.till.sale is not None and not h.till.sale.tenders


async def test_split_card_then_cash(backend_server, rig, tmp_path):
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        await open_sale(h)
        total = h.till.sale.totals.total_ore
        rig.pay("approve")
        h.till.pay_card(1_000)
        await card_answer(h, 1)
        assert h.till.sale.remaining_ore == total - 1_000
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="receipt")
        kinds = [t["kind"] for t in h.till.outbox.get(receipt.sale_id).body["tenders"]]
        assert kinds == ["card", "cash"]


async def test_card_part_payment_refunded_then_sale_voided(backend_server, rig, tmp_path):
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        await open_sale(h)
        rig.pay("approve")
        h.till.pay_card(1_000)
        await card_answer(h, 1)
        assert h.till.void_sale("customer left") is None  # a card payment must go back first
        rig.pay("approve")
        assert await h.till.void_payment(1)
        await h.until(lambda: h.till.sale and all(t.voided for t in h.till.sale.tenders),
                      what="the card payment refunded")
        h.till.void_sale("customer left")
        assert h.till.sale is None
