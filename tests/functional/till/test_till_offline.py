"""Selling while the member backend is down: cards pending, Coopay unavailable, queue drains."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from till_harness import EngineHarness, till_config

from pos.data import demo_products as demo
from pos.formats.coopay_qr import encode_payload
from pos.sync.card_reads import CardReadState
from pos.sync.outbox import OutboxState
from pos.till import MemberChanged, PaymentFinished, ReceiptReady, StatusChanged

pytestmark = pytest.mark.slow
FAST = {"poll_seconds": 0.1, "backoff_cap": timedelta(milliseconds=300)}


async def test_card_taken_offline_is_credited_after_the_backend_returns(
        backend_factory, rig, tmp_path):
    server = backend_factory()
    per = server.member("per")
    server.stop()
    config = till_config(server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, **FAST) as h:
        h.till.login("1", "1234")
        await h.until(lambda: (s := h.last(StatusChanged)) and s.backend_online is False,
                      what="offline in the status bar")
        rig.scan(demo.MILK, aim="]E0")
        rig.card(per["rfid_uid"], as_="rfid")
        changed = await h.until(lambda: h.last(MemberChanged), what="the member card")
        assert changed.pending and changed.member.masked_card.endswith(per["rfid_uid"][-4:])
        await h.until(lambda: h.lines() == 1, what="the milk")

        await h.till.pay_coopay(encode_payload(bytes(16), bytes(16)))
        coopay = h.last(PaymentFinished)
        assert (coopay.method, coopay.outcome) == ("coopay", "unavailable")

        h.till.pay_cash(None)  # cash keeps selling
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        assert h.till.outbox.get(receipt.sale_id).body["member"] == {"uid": per["rfid_uid"]}
        assert h.till.card_reads.pending_count() == 1

        server.start()
        item = await h.until(
            lambda: (i := h.till.outbox.get(receipt.sale_id)).state is OutboxState.SENT and i,
            timeout=20, what="the purchase synced")
        assert item.response["member"]["resolved"] is True
        assert item.response["account"]["owner_initials"] == "PH"
        await h.until(lambda: h.till.card_reads.pending_count() == 0, what="card read resolved")
        read = h.till.card_reads.get(1)
        assert read.state is CardReadState.RESOLVED and read.member_ref == per["member_ref"]


@pytest.mark.parametrize("mode", ["single", "batch"])
async def test_a_refused_purchase_is_set_aside_and_the_queue_goes_on(backend_server, tmp_path,
                                                                      mode):
    config = till_config(backend_server, tmp_path / "till", None)
    async with EngineHarness(config, None, sync=False) as h:
        h.till.login("1", "1234")
        bad_id = str(uuid.uuid4())
        h.till.outbox.enqueue(bad_id, {"purchase_id": bad_id, "lines": []})  # not a purchase
        await h.till.scan(demo.BREAD)
        good_id = h.till.sale.sale_id
        h.till.pay_cash(None)
    async with EngineHarness(config, None, mode=mode, **FAST) as h:
        await h.until(lambda: h.till.outbox.get(good_id).state is OutboxState.SENT,
                      what="the good purchase behind the bad one")
        rejected = h.till.outbox.rejected()
        assert [i.purchase_id for i in rejected] == [bad_id]
        assert rejected[0].last_error == "validation_failed"
