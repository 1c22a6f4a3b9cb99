"""The handheld's words, bokmål first."""

from __future__ import annotations

from pos.domain.texts import Text

WORDS: dict[str, Text] = {
    "title": Text("Coop ShopExpress", "Coop ShopExpress"),
    "lang": Text("English", "Norsk"),
    "start": Text("Skann medlemskortet ditt eller medlemskoden i Coop-appen for å starte.",
                  "Scan your member card or the member code in the Coop app to start."),
    "why": Text("ShopExpress er for medlemmer: skann varene mens du handler, betal ved kassen.",
                "ShopExpress is for members: scan as you shop, pay at a lane."),
    "scan": Text("Skann varene mens du legger dem i posen.", "Scan items as you bag them."),
    "member": Text("Medlem {masked}", "Member {masked}"),
    "total": Text("Sum", "Total"),
    "items": Text("{n} varer", "{n} items"),
    "remove": Text("Fjern valgt vare", "Remove selected item"),
    "checkout": Text("Til kassen", "Go to checkout"),
    "code": Text("Skann denne koden på en selvbetjent kasse for å betale.",
                 "Scan this code at a self-checkout lane to pay."),
    "continue": Text("Handle mer", "Keep shopping"),
    "new": Text("Ny handletur", "New trip"),
    "col_item": Text("Vare", "Item"),
    "col_qty": Text("Antall", "Qty"),
    "col_amount": Text("Beløp", "Amount"),
}


def t(key: str, lang: str, **values: object) -> str:
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text
