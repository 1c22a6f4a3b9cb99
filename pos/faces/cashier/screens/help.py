"""The help screen: every key of the till and what the input line accepts."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = {
    "nb": """\
# Hjelp – Coop kasse

| Tast | Hva |
| --- | --- |
| Enter | legg inn strekkode/PLU fra inndatafeltet |
| `3*` + Enter, så skann | antall 3 av neste vare |
| bokstaver + Enter | søk vare på navn |
| F1 | denne hjelpen |
| F2 | søk vare (navn eller PLU), prisoppslag |
| F4 | annuller markert linje (↑/↓ velger linje) |
| F5 | betaling: F1 kontant, F2 bankkort, F3 Coopay; beløp = delbetaling |
| F6 / F7 | parker salget / hent parkert salg |
| F8 | annuller hele salget |
| F9 | fjern medlem fra salget |
| F10 | English |
| F11 | kassefunksjoner: X- og Z-rapport, kopi, retur, trening, skuff og kontanter |
| F12 | demo: virtuelle enheter (skann, kort, terminal, kabel) |
| Ctrl+P | kommandopalett |
| Ctrl+O | logg ut · Ctrl+Q avslutt |

Medlemskort kan leses når som helst i salget (strekkode, magnetstripe, RFID, NFC).
Coopay: trykk F3 i betalingen og skann QR-koden på kundens telefon.
""",
    "en": """\
# Help – Coop till

| Key | What |
| --- | --- |
| Enter | enter the barcode/PLU typed in the input line |
| `3*` + Enter, then scan | quantity 3 of the next item |
| letters + Enter | find an item by name |
| F1 | this help |
| F2 | find item (name or PLU), price lookup |
| F4 | void the highlighted line (↑/↓ move) |
| F5 | payment: F1 cash, F2 bank card, F3 Coopay; an amount = a part payment |
| F6 / F7 | suspend the sale / resume a suspended sale |
| F8 | void the whole sale |
| F9 | remove the member from the sale |
| F10 | Norsk |
| F11 | register functions: X and Z report, copy, returns, training, drawer and cash |
| F12 | demo: virtual devices (scan, cards, terminal, cable) |
| Ctrl+P | command palette |
| Ctrl+O | log out · Ctrl+Q quit |

Member cards can be read at any time during the sale (barcode, magstripe, RFID, NFC).
Coopay: press F3 in the payment and scan the QR code on the customer's phone.
""",
}


class HelpScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Lukk", id="help.close")
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen VerticalScroll {
        width: 80; height: 90%; border: thick $primary; background: $surface;
    }
    """

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(HELP.get(self.lang, HELP["nb"]))

    def action_close(self) -> None:
        self.dismiss(None)
