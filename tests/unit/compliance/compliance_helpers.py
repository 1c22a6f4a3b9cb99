"""Selling through the till engine in the compliance unit tests."""

from __future__ import annotations

from devices.events import PaymentResult
from pos.compliance.demo_devices import StandInHub
from pos.till import Till

MILK = "7040000001815"
MILK_1L = "7040000001822"
MILK_175 = "7040000001839"


async def answer(till_: Till, hub: StandInHub, amount: int, kind: str = "purchase",
                 outcome: str = "approved") -> None:
    """The terminal's answer to the last request, delivered as the hub delivers it."""
    request_id, _ = hub.payment.requests[-1]
    approved = outcome == "approved"
    await till_.handle_device_event(PaymentResult(
        device="payment", outcome=outcome, amount_ore=amount,  # type: ignore[arg-type]
        transaction_id=f"BAX-{len(hub.payment.requests):04d}" if approved else None,
        masked_pan="************1234" if approved else None, reason=None,
        request_id=request_id, kind=kind))  # type: ignore[arg-type]


async def sell(till_: Till, hub: StandInHub, items: dict[str, int], pay: str = "cash") -> int:
    """Sell `items` {gtin: quantity}; returns the receipt number."""
    for gtin, quantity in items.items():
        assert till_.add_product(gtin, quantity), hub.notices[-1:]
    before = len(hub.completed)
    if pay == "cash":
        till_.pay_cash()
    else:
        sale = till_.sale
        assert sale is not None
        assert till_.pay_card(), hub.notices[-1:]
        await answer(till_, hub, sale.remaining_ore)
    assert len(hub.completed) == before + 1, hub.notices[-1:]
    return hub.completed[-1]
