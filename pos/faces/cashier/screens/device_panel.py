"""Demo mode: the device panel. A newcomer plays the shopper and the devices from here.

Every button goes through the virtual rig's control socket (`RigClient`): the
rig's emulators write real bytes on the far side of the ptys and the till reads
them like any scanner, card reader or payment terminal. Nothing here calls the
engine. A Coopay QR is issued by the backend to a demo phone over the app API
(`DemoPhone`) and then shown to the virtual scanner as a QR (`]Q1`).
"""

from __future__ import annotations

import random
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from pos.data import demo_products as demo
from pos.domain.gtin import make_gtin
from pos.faces.cashier.demo_phone import DemoPhone
from pos.faces.cashier.i18n import tr
from pos.faces.web import links

EAN13 = "]E0"
CODE128 = "]C0"
QR = "]Q1"
EVERYDAY_ITEMS = (demo.MILK, demo.BREAD, demo.YOGHURT, demo.MINCE, demo.PIZZA, demo.COLA_0_5L,
                  demo.COLA_1_5L, demo.NEWSPAPER)

# (key, id, nb label, en label)
ACTIONS = (
    ("1", "item", "Skann tilfeldig vare", "Scan a random item"),
    ("2", "weight", "Skann vektvare (ost)", "Scan a weight item (cheese)"),
    ("3", "beer", "Skann øl", "Scan a beer"),
    ("4", "card_barcode", "Medlemskort: strekkode", "Member card: barcode"),
    ("5", "card_msr", "Medlemskort: magnetstripe", "Member card: magstripe"),
    ("6", "card_rfid", "Medlemskort: RFID", "Member card: RFID"),
    ("n", "card_nfc", "Medlemskort: NFC", "Member card: NFC"),
    ("7", "slip", "Skann pantelapp", "Scan a deposit slip"),
    ("8", "coopay", "Vis Coopay-QR fra telefon", "Show a Coopay QR from the phone"),
    ("9", "logout_phone", "Telefon: logget ut overalt", "Phone: logged out everywhere"),
    ("a", "approve", "Terminal: godkjenn", "Terminal: approve"),
    ("d", "decline", "Terminal: avvis", "Terminal: decline"),
    ("u", "unplug", "Trekk ut skannerkabelen", "Pull the scanner cable"),
    ("r", "replug", "Sett i skannerkabelen", "Plug the scanner back in"),
    ("m", "next_member", "Neste demomedlem", "Next demo member"),
    ("l", "code_to_lane", links.code_to_lane_label("nb"),
     links.code_to_lane_label("en")),
)


def weight_label(item_ref: str, grams: int) -> str:
    """An in-store weight label (`23 IIIII WWWWW C`) for `grams` of item `item_ref`."""
    return make_gtin(f"23{item_ref}{grams:05d}")


def deposit_slip(serial: int, value_ore: int) -> str:
    """A reverse vending machine slip (`29 SSSSS VVVVV C`)."""
    return make_gtin(f"29{serial:05d}{value_ore:05d}")


class DevicePanel(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"act('{ident}')", en, show=False, id=f"devices.{ident}")
          for key, ident, _nb, en in ACTIONS),
        Binding("escape,f12", "close", "Lukk", id="devices.close"),
    ]

    DEFAULT_CSS = """
    DevicePanel { align: center middle; }
    DevicePanel #panel { width: 96; height: auto; border: thick $warning; background: $surface;
                         padding: 0 1; }
    DevicePanel Grid { grid-size: 2; grid-gutter: 0 1; height: auto; }
    DevicePanel Button { width: 100%; height: 1; border: none; min-width: 10; margin: 0; }
    DevicePanel #panel-result { height: auto; min-height: 2; }
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self._rng = random.Random()

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            title, hint = tr("devices_title", self.lang), tr("devices_hint", self.lang)
            yield Label(f"[b]{title}[/b] – {hint}")
            yield Static(id="member-choice")
            with Grid():
                in_store = links.demo_store() is not None  # the lane exists only in `make demo`
                for key, ident, nb, en in ACTIONS:
                    if ident == "code_to_lane" and not in_store:
                        continue
                    yield Button(f"{key}  {nb if self.lang == 'nb' else en}", id=ident)
            yield Static(id="panel-result")
            if urls := links.urls_line(self.lang):
                yield Static(urls, id="store-urls")

    def on_mount(self) -> None:
        self._show_member()

    @property
    def members(self) -> list[dict]:
        return list(self.app.demo_data.get("members", []))

    def _member(self) -> dict | None:
        members = self.members
        if not members:
            return None
        return members[self.app.demo_member_index % len(members)]

    def _show_member(self) -> None:
        member = self._member()
        text = "–" if member is None else (
            f"{member['name']} ({member['role']}) – {member.get('note', '')}"
        )
        label = "Demomedlem" if self.lang == "nb" else "Demo member"
        self.query_one("#member-choice", Static).update(f"{label}: {text}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_act(event.button.id or "")

    def action_act(self, ident: str) -> None:
        if ident == "next_member":
            self.app.demo_member_index += 1
            self._show_member()
            return
        self._run(ident)

    @work(thread=True, exclusive=False, group="rig")
    def _run(self, ident: str) -> None:
        """Blocking rig and phone calls, off the UI loop."""
        try:
            result = self._do(ident)
        except Exception as exc:  # RigError, PhoneError, httpx errors: show, never crash
            result = f"[red]{exc}[/]"
        self.app.call_from_thread(self._show_result, result)

    def _show_result(self, text: str) -> None:
        self.query_one("#panel-result", Static).update(text)

    def _do(self, ident: str) -> str:
        rig = self.app.rig
        member = self._member() or {}
        if ident == "item":
            rig.scan(self._rng.choice(EVERYDAY_ITEMS), aim=EAN13)
        elif ident == "weight":
            rig.scan(weight_label(demo.CHEESE_ITEM_REF, self._rng.randint(150, 900)), aim=EAN13)
        elif ident == "beer":
            rig.scan(demo.BEER, aim=EAN13)
        elif ident == "card_barcode":
            rig.scan(member["card_number"], aim=CODE128)
        elif ident == "card_msr":
            rig.card(member["card_number"], as_="msr")
        elif ident == "card_rfid":
            uid = member.get("rfid_uid")
            if not uid:
                return f"{member.get('name')}: no RFID tag"
            rig.card(uid, as_="rfid")
        elif ident == "card_nfc":
            uid = member.get("nfc_uid")
            if not uid:
                return f"{member.get('name')}: no NFC card (try Kari: m)"
            rig.card(uid, as_="nfc")
        elif ident == "slip":
            rig.scan(deposit_slip(self._rng.randint(1, 99_999), 100 * self._rng.randint(2, 40)),
                     aim=EAN13)
        elif ident == "coopay":
            rig.scan(self._phone(member).coopay_qr(), aim=QR)
        elif ident == "logout_phone":
            self._phone(member).logout_everywhere()
        elif ident in ("approve", "decline"):
            rig.pay(ident)
        elif ident in ("unplug", "replug"):
            getattr(rig, ident)("scanner")
        elif ident == "code_to_lane":
            return links.scan_handheld_code_at_lane(self.lang)
        return f"[green]OK: {ident}[/]"

    def _phone(self, member: dict) -> DemoPhone:
        """One phone per demo member, logged in on first use, kept for the session."""
        phones = self.app.demo_phones
        key = member.get("key", "")
        if key not in phones:
            phones[key] = DemoPhone(self.app.demo_data.get("base_url", ""), member["phone"])
        return phones[key]

    def action_close(self) -> None:
        self.dismiss(None)
