"""Demo mode: the device panel. A newcomer plays the shopper and the devices from here.

Every button goes through the virtual rig's control socket (`RigClient`): the
rig's emulators write real bytes on the far side of the ptys and the till reads
them like any scanner, card reader or payment terminal. Nothing here calls the
engine. A Coopay QR is issued by the backend to a demo phone over the app API
(`DemoPhone`) and then shown to the virtual scanner as a QR (`]Q1`).
"""

from __future__ import annotations

import logging
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
from pos.faces.cashier.demo_phone import DemoPhone, PhoneError
from pos.faces.cashier.i18n import tr
from pos.faces.web import links

log = logging.getLogger(__name__)

EAN13 = "]E0"
CODE128 = "]C0"
QR = "]Q1"
EVERYDAY_ITEMS = (demo.MILK, demo.BREAD, demo.YOGHURT, demo.MINCE, demo.PIZZA, demo.COLA_0_5L,
                  demo.COLA_1_5L, demo.NEWSPAPER)

# (key, id, words): each button runs `_do(id)` through the rig
ACTIONS = (
    ("1", "item", "panel_item"),
    ("2", "weight", "panel_weight"),
    ("3", "beer", "panel_beer"),
    ("4", "card_barcode", "panel_card_barcode"),
    ("5", "card_msr", "panel_card_msr"),
    ("6", "card_rfid", "panel_card_rfid"),
    ("n", "card_nfc", "panel_card_nfc"),
    ("7", "slip", "panel_slip"),
    ("8", "coopay", "panel_coopay"),
    ("9", "logout_phone", "panel_logout_phone"),
    ("a", "approve", "panel_approve"),
    ("d", "decline", "panel_decline"),
    ("u", "unplug", "panel_unplug"),
    ("r", "replug", "panel_replug"),
    ("k", "close_drawer", "panel_close_drawer"),
    ("v", "scale_produce", "panel_scale_produce"),
    ("e", "scale_empty", "panel_scale_empty"),
    ("m", "next_member", "panel_next_member"),
    ("l", "code_to_lane", None),  # only in `make demo`: the lane is there
)
WORDS = {ident: key for _, ident, key in ACTIONS if key}


def describe_member(member: dict, lang: str) -> str:
    """What the demo member shows off, from the seed's facts (not its English note)."""
    parts = [tr("panel_owner" if member.get("role") == "owner" else "panel_family", lang)]
    if member.get("card_status") == "blocked":
        parts.append(tr("panel_card_blocked", lang))
    if not member.get("digital_account", True):
        parts.append(tr("panel_no_digital", lang))
    elif not member.get("new_login_done", True):
        parts.append(tr("panel_relogin_due", lang))
    if member.get("coopay"):
        parts.append("Coopay")
    return f"{member.get('name', '?')} – {', '.join(parts)}"


def phone_problem(error: PhoneError, lang: str) -> str:
    """The phone's refusal as the Coop app shows it: its own words, never the HTTP call."""
    if error.logged_out:
        return tr("panel_phone_logged_out", lang)
    own = error.messages.get(lang) or error.messages.get("nb")
    if own:
        return tr("panel_phone_says", lang, text=own)
    if error.status == 0:
        return tr("panel_phone_offline", lang)
    return tr("panel_phone_refused", lang)


def weight_label(item_ref: str, grams: int) -> str:
    """An in-store weight label (`23 IIIII WWWWW C`) for `grams` of item `item_ref`."""
    return make_gtin(f"23{item_ref}{grams:05d}")


def deposit_slip(serial: int, value_ore: int) -> str:
    """A reverse vending machine slip (`29 SSSSS VVVVV C`)."""
    return make_gtin(f"29{serial:05d}{value_ore:05d}")


class DevicePanel(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"act('{ident}')", ident, show=False, id=f"devices.{ident}")
          for key, ident, _words in ACTIONS),
        Binding("escape,f12", "close", "Lukk", id="devices.close"),
    ]

    DEFAULT_CSS = """
    DevicePanel { align: center middle; }
    DevicePanel #panel { width: 96; height: auto; border: thick $warning; background: $surface;
                         padding: 0 1; }
    DevicePanel Grid { grid-size: 2; grid-gutter: 0 1; height: auto; }
    DevicePanel Button { width: 100%; min-width: 10; margin: 0; text-align: left;
                         content-align: left middle; }
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
                for key, ident, words in ACTIONS:
                    if ident == "code_to_lane" and not in_store:
                        continue
                    label = tr(words, self.lang) if words else links.code_to_lane_label(self.lang)
                    # compact: one row each, with its label (the default style's borders
                    # win over a plain `height: 1` and leave an empty bar)
                    yield Button(f"{key}  {label}", id=ident, compact=True)
            yield Static(id="panel-result")
            yield Static(id="customer-display")
            if urls := links.urls_line(self.lang):
                yield Static(urls, id="store-urls")

    def on_mount(self) -> None:
        self._show_member()
        self._read_display()
        self.set_interval(0.5, self._read_display)  # it follows the sale while the panel is open

    @work(thread=True, exclusive=True, group="display")
    def _read_display(self) -> None:
        """What the shopper's display shows now (read back from the rig's display)."""
        try:
            lines = self.app.rig.display()["lines"]
        except Exception:  # a rig without a display, or none at all (tests)
            return
        text = f"{tr('panel_customer_display', self.lang)}: " + " | ".join(
            f"«{line}»" for line in lines)
        self.app.call_from_thread(self.query_one("#customer-display", Static).update, text)

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
        text = "–" if member is None else describe_member(member, self.lang)
        self.query_one("#member-choice", Static).update(f"{tr('panel_member', self.lang)}: {text}")

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
        except PhoneError as exc:  # what the member's app would say, not the HTTP call
            log.info("demo phone: %s", exc)
            result = f"[red]{phone_problem(exc, self.lang)}[/]"
        except Exception as exc:  # RigError and the like: show, never crash
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
                return tr("panel_no_rfid", self.lang, name=member.get("name"))
            rig.card(uid, as_="rfid")
        elif ident == "card_nfc":
            uid = member.get("nfc_uid")
            if not uid:
                return tr("panel_no_nfc", self.lang, name=member.get("name"))
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
        elif ident == "close_drawer":
            rig.drawer("close")
        elif ident == "scale_produce":  # loose produce on the scale; type its PLU, e.g. 4011
            grams = self._rng.randint(200, 1500)
            rig.scale_set(grams)
            return f"[green]{tr('panel_on_scale', self.lang, kg=f'{grams / 1000:.3f}')}[/]"
        elif ident == "scale_empty":
            rig.scale_set(0)
        elif ident == "code_to_lane":
            return links.scan_handheld_code_at_lane(self.lang)
        return f"[green]{tr('panel_done', self.lang, action=tr(WORDS[ident], self.lang))}[/]"

    def _phone(self, member: dict) -> DemoPhone:
        """One phone per demo member, logged in on first use, kept for the session."""
        phones = self.app.demo_phones
        key = member.get("key", "")
        if key not in phones:
            phones[key] = DemoPhone(self.app.demo_data.get("base_url", ""), member["phone"])
        return phones[key]

    def action_close(self) -> None:
        self.dismiss(None)
