"""The member's receipt shows what the purchase earned when the backend answers in time.

Real backend, real sync worker, real rig printer: the bonus and purchase dividend
printed are the ones the backend credited (its answer in the outbox), the one
permitted copy says the same; with the backend down the receipt is printed at
once with the estimate and "registreres på medlemskontoen".
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from till_harness import EngineHarness, till_config

from pos.data import demo_products as demo
from pos.domain.money import format_money
from pos.domain.settings import StoreSettings
from pos.sync.outbox import OutboxState
from pos.till import MemberChanged, ReceiptReady, StatusChanged

pytestmark = pytest.mark.slow
FAST = {"poll_seconds": 0.1, "backoff_cap": timedelta(milliseconds=300)}
PATIENT = StoreSettings(store_id="1001", earnings_wait_ms=10_000)
"""A busy machine may take long to answer; the receipt waits (an offline till never does)."""


def _member_sale_paid_cash(h: EngineHarness, rig, card_number: str):
    h.till.login("1", "1234")
    rig.card(card_number, as_="msr")
    rig.scan(demo.MILK, aim="]E0")


async def test_the_receipt_shows_the_bonus_and_dividend_the_backend_credited(
        backend_server, rig, tmp_path):
    ola = backend_server.member("ola")
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, settings=PATIENT, **FAST) as h:
        _member_sale_paid_cash(h, rig, ola["card_number"])
        await h.until(lambda: h.last(MemberChanged) and h.lines() == 1, what="member + milk")
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")

        item = h.till.outbox.get(receipt.sale_id)
        assert item.state is OutboxState.SENT  # answered before the receipt was made
        earned = item.response["earned"]
        assert earned["dividend_ore"] > 0
        dividend = format_money(earned["dividend_ore"], "nb")
        bonus = format_money(earned["bonus_ore"], "nb")
        for text in (receipt.text,
                     await h.until(lambda: rig.last_receipt().get("text"), what="printed")):
            assert "Kjøpeutbytte denne handelen" in text and dividend in text
            if earned["bonus_ore"]:
                assert "Bonus denne handelen" in text and bonus in text
            else:  # no bonus this time: no "kr 0,00" line
                assert "Bonus denne handelen" not in text
            assert "registreres" not in text and "estimat" not in text

        assert h.till.print_copy(receipt.sale_id)
        copy = await h.until(lambda: "KOPI" in (t := rig.last_receipt().get("text", "")) and t,
                             what="the printed copy")
        assert "Kjøpeutbytte denne handelen" in copy and dividend in copy


async def test_with_the_backend_down_the_receipt_says_registered_later_at_once(
        backend_factory, rig, tmp_path):
    server = backend_factory()
    per = server.member("per")
    server.stop()
    config = till_config(server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, settings=PATIENT, **FAST) as h:
        await h.until(lambda: (s := h.last(StatusChanged)) and s.backend_online is False,
                      what="offline in the status bar")
        _member_sale_paid_cash(h, rig, per["card_number"])
        await h.until(lambda: h.last(MemberChanged) and h.lines() == 1, what="member + milk")
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        assert "Bonus og kjøpeutbytte registreres på" in receipt.text
        assert "Kjøpeutbytte (estimat)" in receipt.text
        assert h.till.outbox.get(receipt.sale_id).state is OutboxState.PENDING
