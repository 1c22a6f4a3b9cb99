"""The self-checkout lane in a real browser: a shopper's sale from welcome to receipt.

The shopper clicks the page; the lane's scanner and card terminal are the demo
rig's (as the device panel would drive them). What the page shows is read from
the same terminal bytes its canvas draws; each step leaves a screenshot.
"""

from __future__ import annotations

from devices.rig.control import RigClient
from pos.data import demo_products as demo
from tests.fixtures.waiting import wait_until

EAN13 = "]E0"


def attached(rig: RigClient, device: str) -> bool:
    """The face has the port open: a scan sent before that would be flushed away."""
    return rig.status()["devices"][device]["attached"]


def test_a_lane_sale_from_welcome_to_receipt(store, tab):
    rig = RigClient(store.rig_socket("lane"))
    tab.open(store.urls["lane"])
    tab.shows("Velkommen!", "Skann første vare")
    tab.shot("welcome")
    wait_until(lambda: attached(rig, "scanner"), timeout=30, what="the lane's scanner to open")

    rig.scan(demo.MILK, aim=EAN13)
    tab.shows("Er du medlem?")
    tab.shot("member-question")
    tab.click("Nei takk, fortsett")
    tab.shows("Betal", "Å betale")
    rig.scan(demo.BREAD, aim=EAN13)
    tab.until(lambda: "2 varer" in tab.text(), what="two items in the basket")
    tab.shot("basket")

    tab.click("Betal")
    tab.shows("Velg hvordan du vil betale.", "Bankkort")
    tab.shot("pay-choice")
    tab.click("Bankkort")
    wait_until(lambda: attached(rig, "terminal"), timeout=30, what="the card terminal")
    tab.shows("Sett inn kort")
    tab.shot("waiting-for-card")
    rig.pay("approve")
    text = tab.shows("Takk for handelen!", "TOTALT")
    tab.shot("receipt")
    assert "kr 68,80" in text and "Bankkort" in text  # 25,90 + 42,90, paid by card

    receipt = wait_until(lambda: rig.last_receipt().get("text"), timeout=30,
                         what="the receipt on the lane's printer")
    assert "68,80" in receipt and "Bankkort" in receipt
