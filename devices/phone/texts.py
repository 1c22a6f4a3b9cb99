"""What the phone says, in Norwegian bokmål (default) and English."""

from __future__ import annotations

TEXTS = {
    "nb": {
        "logged_in": "Logget inn som {initials} ({role}) med {method}.",
        "logged_out": "Logget ut.",
        "logged_out_all": "Logget ut på {count} enheter.",
        "not_logged_in": "Ikke innlogget. Logg inn med `login --phone NUMMER` eller `--bankid`.",
        "forced_out": "Tvunget ut: {message}",
        "relogin_due": "Ny innlogging kreves innen {deadline} (bølge {wave}).",
        "relogin_waiting": "Ny innlogging: din tur kommer {opens} (bølge {wave}).",
        "relogin_done": "Ny innlogging er gjort.",
        "code_sent": "Kode sendt på SMS til {to}.",
        "no_sms": "Ingen SMS-kode kom (er nummeret registrert med digital konto?)",
        "coopay_until": "Coopay-kode, gyldig til {until}. Vis den i kassen.",
        "scanned": "Koden er skannet inn på {device}.",
        "card": "Medlemskort {masked} ({kind}, {status})",
        "card_label": "Medlemskort",
        "family_added": "La til {name} som familiemedlem ({ref}).",
        "family_empty": "Ingen familiemedlemmer.",
        "coopay_on": "på",
        "coopay_off": "av",
        "owner": "medeier",
        "family": "familiemedlem",
        "legacy": "gammel innlogging",
        "sms": "SMS-kode",
        "bankid": "BankID",
        "balance": "Bonus {bonus}, kjøpeutbytte {dividend}.",
        "inbox_empty": "Ingen meldinger.",
    },
    "en": {
        "logged_in": "Logged in as {initials} ({role}) with {method}.",
        "logged_out": "Logged out.",
        "logged_out_all": "Logged out on {count} devices.",
        "not_logged_in": "Not logged in. Log in with `login --phone NUMBER` or `--bankid`.",
        "forced_out": "Forced out: {message}",
        "relogin_due": "New login required by {deadline} (wave {wave}).",
        "relogin_waiting": "New login: your turn comes {opens} (wave {wave}).",
        "relogin_done": "New login done.",
        "code_sent": "Code sent by SMS to {to}.",
        "no_sms": "No SMS code arrived (is the number registered with a digital account?)",
        "coopay_until": "Coopay code, valid until {until}. Show it at the till.",
        "scanned": "The code was scanned on {device}.",
        "card": "Member card {masked} ({kind}, {status})",
        "card_label": "Member card",
        "family_added": "Added {name} as a family member ({ref}).",
        "family_empty": "No family members.",
        "coopay_on": "on",
        "coopay_off": "off",
        "owner": "member-owner",
        "family": "family member",
        "legacy": "old login",
        "sms": "SMS code",
        "bankid": "BankID",
        "balance": "Bonus {bonus}, purchase dividend {dividend}.",
        "inbox_empty": "No messages.",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    return TEXTS.get(lang, TEXTS["nb"])[key].format(**values)


def kroner(ore: int, lang: str) -> str:
    """`kr 12,34` / `NOK 12.34` (the devices layer cannot use pos.domain.money)."""
    sign = "-" if ore < 0 else ""
    whole, part = divmod(abs(ore), 100)
    if lang == "en":
        return f"NOK {sign}{whole:,}.{part:02d}"
    return f"kr {sign}{whole:,}".replace(",", " ") + f",{part:02d}"
