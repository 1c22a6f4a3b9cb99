"""A card payment in flight when the till is killed (issue 14.8): after the restart the till
asks the terminal what became of it, and either records the approval or releases the sale.
Never a second charge, never a lost approval. SIGKILL at each step of the payment."""

from __future__ import annotations

import pytest
from till_harness import HeadlessTill

from pos.data import demo_products as demo
from tests.fixtures.printed import wait_for_receipt
from tests.fixtures.waiting import wait_until

pytestmark = pytest.mark.slow


def _event(name: str, **fields):
    return lambda o: o.get("event") == name and all(o.get(k) == v for k, v in fields.items())


def _terminal(rig) -> dict:
    return rig.status()["devices"]["terminal"]


def _start(args, tmp_path) -> HeadlessTill:
    till = HeadlessTill(*args, cwd=tmp_path)
    till.wait_for(lambda o: o.get("ready"), what="ready")
    return till


@pytest.mark.parametrize("moment", ["request_sent", "card_asked_for", "approved_while_dead",
                                    "declined_while_dead"])
def test_a_card_payment_in_flight_survives_a_kill(rig, tmp_path, moment):
    args = ("--ports", str(rig.ports_file), "--data-dir", str(tmp_path / "till"), "--no-sync")
    till = _start(args, tmp_path)
    try:
        till.send("login 1 1234")
        rig.scan(demo.BREAD, aim="]E0")
        till.wait_for(lambda o: o.get("event") == "SaleChanged" and o["sale"]
                      and o["sale"]["lines"], what="the bread")
        till.send("card")
        till.wait_for(_event("PaymentProgress", code="REQUESTED"), what="the request")
        if moment != "request_sent":
            till.wait_for(_event("PaymentProgress", code="INSERT_CARD"), what="insert card")
    finally:
        till.kill()  # SIGKILL: the terminal is left with the request
    if moment == "approved_while_dead":
        rig.pay("approve")
    elif moment == "declined_while_dead":
        rig.pay("decline")
    if moment.endswith("while_dead"):  # the terminal has answered, to nobody
        outcome = "APPROVED" if moment.startswith("approved") else "DECLINED"
        wait_until(lambda: (_terminal(rig).get("last_result") or {}).get("outcome") == outcome,
                   30, "the terminal's answer")

    again = _start(args, tmp_path)
    try:
        again.wait_for(_event("PaymentProgress", code="CHECKING"), what="the till asking")
        if moment in ("request_sent", "card_asked_for"):
            rig.pay("approve")  # the customer goes on at the terminal: the same request
        if moment == "declined_while_dead":
            again.wait_for(_event("PaymentFinished", outcome="declined"), what="released")
            again.send("cash")  # the sale is open and payable again
        receipt = again.wait_for(_event("ReceiptReady"), what="the receipt")
        assert receipt["receipt_number"] == 1  # completed, once
        assert _terminal(rig)["requests"] == 1  # the terminal was never asked to charge twice
        printed = wait_for_receipt(rig, "Bakehuset")
        card_lines = [line for line in printed.splitlines() if "Bankkort" in line]
        assert len(card_lines) == (0 if moment == "declined_while_dead" else 1), printed
    finally:
        again.stop()
