"""The phone's privacy screens: consents, "my data" (the access export), leaving.

    pos-devices phone --name kari consents                  current answers and history
    pos-devices phone --name kari consent analysis on|off   give or withdraw (email, sms,
                                                            analysis, member_panel, push)
    pos-devices phone --name kari consent push on           push for *this* phone
    pos-devices phone --name kari my-data [--out FILE]      everything stored about me
    pos-devices phone --name kari leave --confirm AVSLUTT   utmelding: deletes all my data

Why here and not in app.py: these are the member's own-data calls, kept together so the
app's privacy behaviour reads in one place. Push consent is per device, so the phone
sends its own device id.
"""

from __future__ import annotations

import json
from pathlib import Path

from devices.phone.app import Phone

PURPOSES = ("email", "sms", "push", "analysis", "member_panel")

TEXTS = {
    "nb": {
        "consent_set": "Samtykke til {purpose}: {state}.",
        "yes": "ja",
        "no": "nei",
        "history": "Endringer:",
        "exported": "Lagret {rows} rader fra {tables} tabeller i {path}.",
        "left": "Medlemskapet er avsluttet. Utbetalt: bonus {bonus} øre, kjøpeutbytte {dividend} "
        "øre. Alle personopplysninger er slettet.",
        "purposes": {
            "email": "e-post",
            "sms": "SMS",
            "push": "varsler i appen",
            "analysis": "analyse og personlige tilbud",
            "member_panel": "medlemspanel",
        },
    },
    "en": {
        "consent_set": "Consent to {purpose}: {state}.",
        "yes": "yes",
        "no": "no",
        "history": "Changes:",
        "exported": "Saved {rows} rows from {tables} tables to {path}.",
        "left": "Membership closed. Paid out: bonus {bonus} øre, dividend {dividend} øre. "
        "All personal data has been deleted.",
        "purposes": {
            "email": "e-mail",
            "sms": "SMS",
            "push": "app notifications",
            "analysis": "analysis and personal offers",
            "member_panel": "member panel",
        },
    },
}


def _t(lang: str, key: str, **values) -> str:
    return TEXTS[lang][key].format(**values)


def _purpose(lang: str, purpose: str, device: str | None) -> str:
    name = TEXTS[lang]["purposes"].get(purpose, purpose)
    return f"{name} ({device})" if device else name


def register(sub) -> dict:
    """Add the privacy commands to the phone CLI's subparsers; returns their handlers."""
    sub.add_parser("consents", help="my consents and their history")
    consent = sub.add_parser("consent", help="give or withdraw a consent")
    consent.add_argument("purpose", choices=PURPOSES)
    consent.add_argument("state", choices=["on", "off"])
    mine = sub.add_parser("my-data", help="everything the co-op stores about me (JSON)")
    mine.add_argument("--out", help="save to this file instead of printing")
    leave = sub.add_parser("leave", help="leave the membership: deletes all my personal data")
    leave.add_argument("--confirm", required=True, help="type AVSLUTT to confirm")
    return {
        "consents": show_consents,
        "consent": set_consent,
        "my-data": my_data,
        "leave": leave_membership,
    }


def show_consents(phone: Phone, args) -> int:
    lang = args.lang
    answer = phone.client().get("/app/v1/consents")
    for c in answer["current"]:
        state = _t(lang, "yes" if c["granted"] else "no")
        print(f"{_purpose(lang, c['purpose'], c['device_id'])}: {state}")
    if answer["history"]:
        print(_t(lang, "history"))
    for h in answer["history"]:
        state = _t(lang, "yes" if h["granted"] else "no")
        print(
            f"  {h['at']}  {_purpose(lang, h['purpose'], h['device_id'])}: {state} ({h['source']})"
        )
    return 0


def set_consent(phone: Phone, args) -> int:
    body = {"granted": args.state == "on"}
    if args.purpose == "push":
        body["device_id"] = phone.state.device_id
    row = phone.client().request("PUT", f"/app/v1/consents/{args.purpose}", body)
    state = _t(args.lang, "yes" if row["granted"] else "no")
    print(
        _t(args.lang, "consent_set", purpose=_purpose(args.lang, row["purpose"], None), state=state)
    )
    return 0


def my_data(phone: Phone, args) -> int:
    document = phone.client().get("/app/v1/privacy/export")
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if not args.out:
        print(text)
        return 0
    path = Path(args.out)
    path.write_text(text + "\n", encoding="utf-8")
    rows = sum(len(v) for v in document["tables"].values())
    print(_t(args.lang, "exported", rows=rows, tables=len(document["tables"]), path=path))
    return 0


def leave_membership(phone: Phone, args) -> int:
    receipt = phone.client().post("/app/v1/membership/leave", {"confirm": args.confirm})
    phone.state.logged_out()
    phone.store.save(phone.state)
    settlement = receipt["settlement"]
    print(_t(args.lang, "left", bonus=settlement["bonus_ore"], dividend=settlement["dividend_ore"]))
    return 0
