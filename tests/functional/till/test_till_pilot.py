"""Pilot flows: the engine, the real backend and the rig on real ptys, no UI.

Everything a shopper or cashier does goes through the virtual serial ports (card
readers, scanner, printer) or the backend's real HTTP APIs (the phone's Coopay
QR); the results are checked where a person would see them: the sale, the
printed receipt, and the member's account in the backend.
"""

from __future__ import annotations

import httpx
import pytest
from till_harness import EngineHarness, coopay_qr, legacy_session, login_sms, till_config

from pos.data import demo_products as demo
from pos.sync.outbox import OutboxState
from pos.till import MemberChanged, NeedsAgeCheck, PaymentFinished, ReceiptReady

pytestmark = pytest.mark.slow


async def synced(harness: EngineHarness, sale_id: str) -> dict:
    """Wait for the sync worker to deliver the purchase; the backend's answer."""
    outbox = harness.till.outbox
    item = await harness.until(
        lambda: (i := outbox.get(sale_id)) is not None and i.state is OutboxState.SENT and i,
        timeout=20, what=f"purchase {sale_id} synced")
    return dict(item.response)


async def test_member_weight_deposit_beer_half_cash_half_coopay(backend_server, rig, tmp_path):
    ola = backend_server.member("ola")
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file) as h:
        h.till.login("1", "1234")
        rig.card(ola["card_number"], as_="msr")
        member = (await h.until(lambda: h.last(MemberChanged), what="member")).member
        assert (member.initials, member.role) == ("ON", "owner")
        assert ola["card_number"] not in member.masked_card

        rig.scan(demo.CHEESE_452_G, aim="]E0")
        rig.scan(demo.COLA_1_5L, aim="]E0")
        rig.scan(demo.BEER, aim="]E0")
        await h.until(lambda: h.lines() == 5, what="5 lines (cheese, cola+pant, beer+pant)")
        ask = await h.until(lambda: h.last(NeedsAgeCheck), what="age check")
        assert ask.required_age == 18
        h.till.confirm_age()

        sale = h.till.sale
        assert sale.member is not None and sale.totals.deposit_ore == 300 + 200
        cash = sale.totals.total_ore // 2 // 100 * 100
        h.till.pay_cash(cash)
        rest = h.till.sale.remaining_ore

        qr = coopay_qr(backend_server.base_url, login_sms(backend_server.base_url, ola["phone"]))
        rig.scan(qr, aim="]Q1")
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        coopay = h.last(PaymentFinished)
        assert (coopay.method, coopay.outcome, coopay.amount_ore) == ("coopay", "approved", rest)

        printed = await h.until(lambda: rig.last_receipt().get("text"), what="printed receipt")
        assert f"{receipt.receipt_number}" in printed
        assert ola["card_number"] not in printed and ola["card_number"][-4:] in printed

        answer = await synced(h, receipt.sale_id)
        assert answer["member"]["resolved"] is True
        assert answer["earned"]["dividend_ore"] > 0
        assert answer["account"]["owner_initials"] == "ON"


async def test_family_members_purchase_credits_the_owner(backend_server, rig, tmp_path):
    emma = backend_server.member("emma")
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file) as h:
        h.till.login("1", "1234")
        rig.scan(demo.BREAD, aim="]E0")
        rig.scan(emma["card_number"], aim="]C0")  # the member barcode on her card
        member = (await h.until(lambda: h.last(MemberChanged), what="member")).member
        assert (member.role, member.owner_initials) == ("family", "ON")
        await h.until(lambda: h.lines() == 1, what="the bread")
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        answer = await synced(h, receipt.sale_id)
        assert answer["member"]["member"]["role"] == "family"
        assert answer["account"]["owner_initials"] == "ON"
        assert answer["earned"]["dividend_ore"] > 0


async def test_blocked_card_is_refused_with_the_reason(backend_server, rig, tmp_path):
    lise = backend_server.member("lise")
    config = till_config(backend_server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file, sync=False) as h:
        h.till.login("1", "1234")
        rig.card(lise["card_number"], as_="msr")
        await h.until(lambda: any(getattr(e, "code", "") == "card_blocked" for e in h.events),
                      what="a card_blocked notice")
        assert h.till.sale is None or h.till.sale.member is None


@pytest.fixture
def campaign_backend(backend_factory):
    """A private backend whose clock may move; Coopay tokens live long enough to outlast it."""
    return backend_factory(extra_env={"POS_BACKEND_COOPAY_TOKEN_TTL_SECONDS": "31536000"})


async def test_coopay_declined_after_forced_logout_but_the_card_still_credits(
        campaign_backend, rig, tmp_path):
    server = campaign_backend
    kari = server.member("kari")
    old_session = legacy_session(server.base_url, kari["phone"])
    qr = coopay_qr(server.base_url, old_session)
    with httpx.Client(base_url=server.base_url, timeout=30) as http:  # wave 2's deadline passes
        moved = http.post("/dev/v1/clock", json={"advance_seconds": 60 * 86400})
        assert moved.status_code == 200, moved.text

    config = till_config(server, tmp_path / "till", rig.ports_file)
    async with EngineHarness(config, rig.ports_file) as h:
        h.till.login("1", "1234")
        rig.scan(demo.BREAD, aim="]E0")
        await h.until(lambda: h.lines() == 1, what="the bread")
        rig.scan(qr, aim="]Q1")
        declined = await h.until(lambda: h.last(PaymentFinished), what="the Coopay answer")
        assert (declined.outcome, declined.reason_code) == ("declined",
                                                            "payment_session_logged_out")
        assert "logg" in declined.text.nb.lower()  # "log in again in the Coop app"
        assert h.till.sale.remaining_ore == h.till.sale.totals.total_ore

        rig.card(kari["nfc_uid"], as_="nfc")
        member = (await h.until(lambda: h.last(MemberChanged), what="member")).member
        assert member.initials == "KN"
        h.till.pay_cash(None)
        receipt = await h.until(lambda: h.last(ReceiptReady), what="the receipt")
        answer = await synced(h, receipt.sale_id)
        assert answer["member"]["resolved"] is True
        assert answer["earned"]["dividend_ore"] > 0
        assert answer["account"]["owner_initials"] == "KN"


async def test_coopay_payment_refunded_when_the_sale_is_voided(backend_server, tmp_path):
    ola = backend_server.member("ola")
    config = till_config(backend_server, tmp_path / "till", None)
    async with EngineHarness(config, None, sync=False) as h:
        h.till.login("1", "1234")
        await h.till.scan(demo.BREAD)
        await h.till.scan(demo.MILK)
        qr = coopay_qr(backend_server.base_url, login_sms(backend_server.base_url, ola["phone"]))
        h.till.expect_coopay(1_000)
        await h.till.scan(qr)
        assert h.last(PaymentFinished).outcome == "approved"
        assert await h.till.void_payment(1) is True
        assert h.till.sale.tenders[0].voided
        h.till.void_sale("customer left")
        assert h.till.sale is None
