"""The store's faces in a real browser: the lane's sale, the handheld's trip, and on to the lane.

The shopper clicks the page; the scanners and the card terminal are the demo
rigs' (as the device panel drives them). What a page shows is read from the same
terminal bytes its canvas draws (`browser_terminal`); each step leaves a
screenshot. One module, so that one browser and one demo store serve both
walks (the sync Playwright loop must also be gone before the asyncio tests run).

The handheld's checkout code goes to the lane through the rig: the device panel's
"scan the handheld's code at the lane" (`pos.faces.web.links`) puts it on the
lane's scanner, no code typed by hand. A second tab of the handheld gets a clear
message, not a second process on its ports.
"""

from __future__ import annotations

from browser_terminal import TerminalPage

from devices.rig.control import RigClient
from pos.data import demo_products as demo
from pos.faces.web import links
from pos.faces.web.store_file import StoreLayout
from pos.faces.web.texts import t
from tests.fixtures.waiting import wait_until

EAN13, CODE128 = "]E0", "]C0"


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


def test_a_handheld_trip_to_its_checkout_code_and_on_to_the_lane(store, tab, chromium):
    rig = RigClient(store.rig_socket("handheld"))
    ola = next(m for m in store.demo["members"] if m["key"] == "ola")
    tab.open(store.urls["handheld"])
    tab.shows("Coop ShopExpress", "Skann medlemskortet ditt")
    tab.shot("start")
    wait_until(lambda: attached(rig, "handheld"), timeout=30, what="the handheld's scanner")

    rig.scan(ola["card_number"], aim=CODE128, device="handheld")  # the app's member barcode
    tab.shows("Medlem", ola["card_number"][-4:], "Skann varene")
    rig.scan(demo.MILK, aim=EAN13, device="handheld")
    tab.shows("Tine Helmelk")
    rig.scan(demo.BREAD, aim=EAN13, device="handheld")
    tab.shows("2 varer")
    tab.shot("trip")

    tab.click("Til kassen")
    tab.shows("Skann denne koden på en selvbetjent kasse")
    tab.shot("checkout-code")
    layout = StoreLayout.read(store.base / "store.json")
    code = wait_until(lambda: links.handheld_code(layout), what="the handheld's code file")
    assert code in "".join(line.strip() for line in tab.text().splitlines())  # shown in full

    second = TerminalPage(tab.page.context.new_page(), tab.shots)
    second.open(store.urls["handheld"]).shows("Allerede åpen i en annen fane")
    second.shot("second-tab")
    second.page.close()

    lane = TerminalPage(tab.page.context.new_page(), tab.shots)
    lane.open(store.urls["lane"]).shows("Velkommen!")
    lane_rig = RigClient(store.rig_socket("lane"))
    wait_until(lambda: attached(lane_rig, "scanner"), timeout=30, what="the lane's scanner")
    assert links.scan_handheld_code_at_lane("nb", layout) == t("code_scanned", "nb")
    lane.shows("Tine Helmelk", "Bakehuset Grovbrød", "2 varer")
    lane.shot("lane-with-the-trip")
