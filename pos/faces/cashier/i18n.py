"""The till's own words in bokmål and English, switchable at runtime.

Why a table of `Text` pairs and not gettext: the domain already speaks in
`Text(nb, en)` pairs (errors, role texts, tender names), so the UI uses the same
type and one `tr(key, lang)` lookup. A missing key is a programming error and
raises `KeyError` in tests instead of showing a raw key to a cashier.
"""

from __future__ import annotations

from pos.domain.texts import Text

LANGS = ("nb", "en")

WORDS: dict[str, Text] = {
    # frame
    "app_title": Text("Coop kasse", "Coop till"),
    "register": Text("Kasse", "Register"),
    "operator": Text("Operatør", "Operator"),
    "training": Text("TRENING", "TRAINING"),
    # keys (footer)
    "key_pay": Text("Betal", "Pay"),
    "key_void_line": Text("Annuller linje", "Void line"),
    "key_void_sale": Text("Annuller salg", "Void sale"),
    "key_search": Text("Søk vare", "Find item"),
    "key_suspend": Text("Parker", "Suspend"),
    "key_resume": Text("Hent parkert", "Resume"),
    "key_member": Text("Fjern medlem", "Remove member"),
    "key_lang": Text("English", "Norsk"),
    "key_help": Text("Hjelp", "Help"),
    "key_devices": Text("Enheter (demo)", "Devices (demo)"),
    "key_logout": Text("Logg ut", "Log out"),
    "key_quit": Text("Avslutt", "Quit"),
    "key_cancel": Text("Avbryt", "Cancel"),
    "key_cash": Text("Kontant", "Cash"),
    "key_card": Text("Bankkort", "Bank card"),
    "key_coopay": Text("Coopay", "Coopay"),
    "key_close": Text("Lukk", "Close"),
    # login
    "login_title": Text("Logg inn", "Log in"),
    "login_operator": Text("Operatør-ID", "Operator id"),
    "login_pin": Text("PIN-kode", "PIN"),
    "login_button": Text("Logg inn", "Log in"),
    "login_hint": Text(
        "Skriv operatør-ID og PIN, trykk Enter.", "Type your operator id and PIN, press Enter."
    ),
    # sale screen
    "col_no": Text("#", "#"),
    "col_item": Text("Vare", "Item"),
    "col_qty": Text("Antall", "Qty"),
    "col_price": Text("Pris", "Price"),
    "col_amount": Text("Beløp", "Amount"),
    "voided": Text("annullert", "voided"),
    "input_placeholder": Text(
        "Strekkode, PLU, antall (3*) eller søk – Enter",
        "Barcode, PLU, quantity (3*) or search – Enter",
    ),
    "quantity_armed": Text("Antall {n} – skann eller tast vare", "Quantity {n} – scan or type"),
    "total": Text("Å betale", "To pay"),
    "items": Text("Varer", "Items"),
    "subtotal": Text("Sum før rabatt", "Before discounts"),
    "member_discount": Text("Medlemsrabatt", "Member discount"),
    "offer_discount": Text("Tilbud", "Offers"),
    "deposit": Text("Herav pant", "Of which deposit"),
    "slips": Text("Pantelapper", "Deposit slips"),
    "vat": Text("MVA {rate} %", "VAT {rate} %"),
    "paid": Text("Betalt", "Paid"),
    "remaining": Text("Gjenstår", "Remaining"),
    "no_sale": Text("Klar – skann første vare", "Ready – scan the first item"),
    # member panel
    "member_title": Text("Medlem", "Member"),
    "member_none": Text("Intet medlemskort", "No member card"),
    "member_pending": Text(
        "Kort lest – sjekkes når banken er tilbake", "Card read – checked when back online"
    ),
    "member_benefits": Text("Medlemsfordeler i dette kjøpet", "Member benefits on this sale"),
    "member_dividend": Text("Kjøpeutbytte (estimat)", "Purchase dividend (estimate)"),
    # status bar
    "st_backend": Text("Medlemssystem", "Backend"),
    "st_online": Text("tilkoblet", "online"),
    "st_offline": Text("frakoblet", "offline"),
    "st_unknown": Text("ukjent", "unknown"),
    "st_outbox": Text("Venter på sending", "Waiting to sync"),
    "dev_connected": Text("ok", "ok"),
    "dev_connecting": Text("kobler til", "connecting"),
    "dev_disconnected": Text("frakoblet", "unplugged"),
    "dev_error": Text("feil", "error"),
    # dialogs
    "age_title": Text("Alderskontroll", "Age check"),
    "age_question": Text(
        "Varer med {age} års aldersgrense. Har kunden vist gyldig legitimasjon?",
        "Items with an age limit of {age}. Has the customer shown valid ID?",
    ),
    "age_yes": Text("Ja, godkjent (J)", "Yes, approved (Y)"),
    "age_no": Text("Nei – fjern varene (N)", "No – remove the items (N)"),
    "unknown_title": Text("Ukjent strekkode", "Unknown barcode"),
    "unknown_body": Text(
        "Strekkoden {code} finnes ikke i varelisten.", "Barcode {code} is not in the catalog."
    ),
    "unknown_lookup": Text("Prisoppslag / søk (S)", "Price lookup / search (S)"),
    "unknown_skip": Text("Hopp over (Esc)", "Skip (Esc)"),
    "search_title": Text("Søk vare", "Find item"),
    "search_placeholder": Text("Navn eller PLU", "Name or PLU"),
    "weight_title": Text("Vekt for {name}", "Weight for {name}"),
    "weight_placeholder": Text("Vekt i gram", "Weight in grams"),
    "refused_title": Text("Kan ikke selges", "Cannot be sold"),
    "ok": Text("OK", "OK"),
    "yes": Text("Ja", "Yes"),
    "no": Text("Nei", "No"),
    "void_sale_q": Text("Annullere hele salget?", "Void the whole sale?"),
    # payment
    "pay_title": Text("Betaling", "Payment"),
    "pay_amount": Text("Beløp (tomt = resten)", "Amount (empty = the rest)"),
    "pay_cash_due": Text("Kontant å betale (avrundet)", "Cash due (rounded)"),
    "pay_rounding": Text("Øreavrunding", "Cash rounding"),
    "pay_change": Text("Tilbake", "Change"),
    "pay_waiting_card": Text(
        "Venter på betalingsterminalen …", "Waiting for the payment terminal …"
    ),
    "pay_waiting_qr": Text(
        "Skann Coopay-koden på kundens telefon …", "Scan the Coopay code on the customer's phone …"
    ),
    "pay_done": Text("Betalt – kvittering skrives ut", "Paid – printing the receipt"),
    # receipt / suspended / help
    "receipt_title": Text("Kvittering", "Receipt"),
    "new_sale": Text("Nytt salg (Enter)", "New sale (Enter)"),
    "suspended_title": Text("Parkerte salg", "Suspended sales"),
    "suspended_none": Text("Ingen parkerte salg.", "No suspended sales."),
    # device panel
    "devices_title": Text("Demo: virtuelle enheter", "Demo: virtual devices"),
    "devices_hint": Text(
        "Alt sendes gjennom de virtuelle serieportene.",
        "Everything goes through the virtual serial ports.",
    ),
}


def tr(key: str, lang: str = "nb", **values: object) -> str:
    """The UI word for `key` in `lang` (bokmål fallback), with `{name}` fields filled in."""
    text = WORDS[key].get(lang)
    return text.format(**values) if values else text


def other_language(lang: str) -> str:
    return "en" if lang == "nb" else "nb"
