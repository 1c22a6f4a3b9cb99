"""The lane's words for shoppers and attendants, bokmål first, English on the language button.

Short sentences that each say what to do next: a shopper reads them standing,
once, with a basket in one hand.
"""

from __future__ import annotations

from pos.domain.texts import Text

WORDS: dict[str, Text] = {
    "title": Text("Coop selvbetjening", "Coop self-checkout"),
    "lang": Text("English", "Norsk"),
    "help": Text("Hjelp", "Help"),
    # welcome
    "welcome": Text("Velkommen!", "Welcome!"),
    "welcome_do": Text("Skann første vare for å starte.", "Scan your first item to start."),
    "welcome_sx": Text("ShopExpress: skann kassekoden på håndskanneren.",
                       "ShopExpress: scan the checkout code on your handheld."),
    # member
    "member_ask": Text("Er du medlem?", "Are you a member?"),
    "member_do": Text("Skann medlemskortet eller medlemskoden i Coop-appen.",
                      "Scan your member card or the member code in the Coop app."),
    "member_why": Text("Da får du kjøpeutbytte og bonus. Det er frivillig.",
                       "You then earn purchase dividend and bonus. It is voluntary."),
    "member_skip": Text("Nei takk, fortsett", "No thanks, continue"),
    # scanning
    "scan_do": Text("Skann neste vare, eller trykk Betal.", "Scan the next item, or press Pay."),
    "scan_member": Text("Medlem {masked}", "Member {masked}"),
    "scan_no_member": Text("Uten medlemskort", "No member card"),
    "pay": Text("Betal", "Pay"),
    "total": Text("Å betale", "To pay"),
    "items": Text("{n} varer", "{n} items"),
    "voided": Text("fjernet", "removed"),
    "col_item": Text("Vare", "Item"),
    "col_qty": Text("Antall", "Qty"),
    "col_amount": Text("Beløp", "Amount"),
    "trip": Text("ShopExpress-tur", "ShopExpress trip"),
    # paying
    "pay_do": Text("Velg hvordan du vil betale.", "Choose how to pay."),
    "pay_card": Text("Bankkort", "Bank card"),
    "pay_coopay": Text("Coopay", "Coopay"),
    "pay_cash": Text("Kontant", "Cash"),
    "pay_back": Text("Tilbake", "Back"),
    "pay_card_do": Text("Følg instruksjonene på betalingsterminalen.",
                        "Follow the instructions on the payment terminal."),
    "pay_coopay_do": Text("Åpne Coopay i Coop-appen og hold QR-koden mot skanneren.",
                          "Open Coopay in the Coop app and hold the QR code to the scanner."),
    # waiting
    "wait": Text("Vent litt", "Please wait"),
    # done
    "done": Text("Takk for handelen!", "Thank you for shopping!"),
    "done_do": Text("Ta med kvitteringen. Skann en vare for å starte på nytt.",
                    "Take your receipt. Scan an item to start again."),
    "done_button": Text("Ferdig", "Done"),
    # attendant
    "att_title": Text("Medarbeider: {name}", "Staff: {name}"),
    "att_do": Text("Velg en handling. Kort eller «Logg av» avslutter.",
                   "Choose an action. Card or «Sign off» ends."),
    "att_age_yes": Text("Godkjenn alder", "Approve age"),
    "att_age_no": Text("Avvis alder", "Refuse age"),
    "att_void": Text("Fjern valgt linje", "Void selected line"),
    "att_cancel": Text("Avbryt salget", "Cancel the sale"),
    "att_reprint": Text("Kvitteringskopi", "Receipt copy"),
    "att_done": Text("Logg av", "Sign off"),
    "att_pin": Text("Medarbeider-PIN", "Staff PIN"),
    "att_audit": Text("Kontroll: skann {left} varer til fra posen.",
                      "Check: scan {left} more items from the bag."),
    "att_audit_full": Text("Avvik! Skann ALLE varene i posen ({n} skannet), trykk så Ferdig.",
                           "Mismatch! Scan EVERY item in the bag ({n} scanned), then Done."),
    "att_audit_finish": Text("Ferdig med kontrollen", "Check finished"),
    "att_audit_passed": Text("Kontroll godkjent.", "Check passed."),
    "att_audit_corrected": Text("Kontroll ferdig – salget er rettet.",
                                "Check finished – the sale was corrected."),
    "att_audit_confirmed": Text("Kontroll ferdig – ingen avvik.",
                                "Check finished – no differences."),
}


def t(key: str, lang: str, **values: object) -> str:
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text
