"""`pos-devices phone …`: the member's phone for testers and the demo.

    pos-devices phone --name kari login --phone 91234567     SMS code (read from the dev outbox)
    pos-devices phone --name ola login --bankid 03027812345  simulated BankID
    pos-devices phone --name kari login --legacy --phone …   an old-style session (dev)
    pos-devices phone --name kari status                     logged in? re-login due? forced out?
    pos-devices phone --name kari coopay [--scan]            the one-time QR (and scan it)
    pos-devices phone --name kari card                       the member barcode
    pos-devices phone --name ola family list | add … | coopay REF on|off
    pos-devices phone --name kari inbox | logout [--all] | phones
    pos-devices phone --name kari consents | consent PURPOSE on|off | my-data | leave

The backend is `--backend URL`, else $POS_BACKEND_URL, else `base_url` in the demo file
(`<dir>/demo.json`), else http://127.0.0.1:8700. Phone state lives in `<dir>/phones/`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from devices.config import default_control_socket, devices_dir
from devices.errors import DeviceError
from devices.phone import privacy, render
from devices.phone.app import Phone
from devices.phone.errors import PhoneError
from devices.phone.state import PhoneStore
from devices.phone.texts import kroner, text

DEFAULT_BACKEND = "http://127.0.0.1:8700"
OSLO = ZoneInfo("Europe/Oslo")


def _when(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M:%S")


def backend_url(explicit: str | None, base: Path) -> str:
    if explicit:
        return explicit
    if os.environ.get("POS_BACKEND_URL"):
        return os.environ["POS_BACKEND_URL"]
    demo = base / "demo.json"
    if demo.exists():
        try:
            url = json.loads(demo.read_text(encoding="utf-8")).get("base_url")
        except ValueError:
            url = None
        if url:
            return url
    return DEFAULT_BACKEND


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-devices phone", description=__doc__.split("\n")[0])
    parser.add_argument("--name", default="phone", help="which phone (state file name)")
    parser.add_argument("--dir", help="devices directory (default $POS_DEVICES_DIR or ./var)")
    parser.add_argument("--state-dir", help="phone state directory (default <dir>/phones)")
    parser.add_argument("--socket", help="the rig's control socket (default <dir>/devices.sock)")
    parser.add_argument("--backend", help="backend base URL")
    parser.add_argument("--lang", choices=["nb", "en"], default="nb")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    login = sub.add_parser("login", help="log in (SMS code, BankID or, in dev, the old way)")
    login.add_argument("--phone", help="mobile number, e.g. 91234567")
    login.add_argument("--bankid", metavar="NATIONAL_ID", help="log in with simulated BankID")
    login.add_argument("--legacy", action="store_true", help="an old-style session (dev only)")
    login.add_argument("--device-name", default="")
    sub.add_parser("status", help="logged in, re-login due, or forced out")
    logout = sub.add_parser("logout", help="log out this phone")
    logout.add_argument("--all", action="store_true", help="log out every device")
    coopay = sub.add_parser("coopay", help="show a one-time Coopay QR code")
    coopay.add_argument("--scan", action="store_true", help="send it through the virtual scanner")
    coopay.add_argument("--device", default="scanner", help="rig scanner to use (with --scan)")
    coopay.add_argument("--invert", action="store_true", help="for light terminal backgrounds")
    coopay.add_argument("--payload-only", action="store_true", help="print only the QR text")
    coopay.add_argument("--png", metavar="FILE", help="also write the QR as a PNG")
    card = sub.add_parser("card", help="show the member barcode")
    card.add_argument("--png", metavar="FILE", help="write a picture of the member card")
    family = sub.add_parser("family", help="family members (owner)")
    fsub = family.add_subparsers(dest="action", required=True)
    fsub.add_parser("list")
    add = fsub.add_parser("add")
    add.add_argument("--given-name", required=True)
    add.add_argument("--family-name", required=True)
    add.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
    add.add_argument("--phone", required=True)
    add.add_argument("--email")
    add.add_argument("--no-coopay", action="store_true")
    toggle = fsub.add_parser("coopay", help="allow or stop Coopay for a family member")
    toggle.add_argument("member_ref")
    toggle.add_argument("state", choices=["on", "off"])
    sub.add_parser("inbox", help="SMS and app messages this phone received (dev)")
    sub.add_parser("phones", help="the phones with saved state")
    COMMANDS.update(privacy.register(sub))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    base = devices_dir(args.dir)
    store = PhoneStore(Path(args.state_dir) if args.state_dir else base / "phones")
    try:
        if args.command == "phones":
            print("\n".join(store.names()))
            return 0
        phone = Phone(store.load(args.name), store, backend_url(args.backend, base), args.lang)
        return COMMANDS[args.command](phone, args)
    except PhoneError as exc:
        if exc.code == "session_forced_out":
            print(text(args.lang, "forced_out", message=exc), file=sys.stderr)
        else:
            print(f"pos-devices phone: {exc}", file=sys.stderr)
        return 1
    except DeviceError as exc:
        print(f"pos-devices phone: {exc}", file=sys.stderr)
        return 1


def _login(phone: Phone, args) -> int:
    if args.bankid:
        result = phone.login_bankid(args.bankid, args.device_name)
    elif not args.phone:
        raise PhoneError("give --phone NUMBER or --bankid NATIONAL_ID")
    elif args.legacy:
        result = phone.login_legacy(args.phone)
    else:
        result = phone.login_sms(args.phone, args.device_name)
    return _status(phone, args) if result else 1


def _status(phone: Phone, args) -> int:
    lang = args.lang
    if not phone.state.session_token:
        print(text(lang, "not_logged_in"))
        return 1
    me = phone.me()
    member = me["member"]
    print(
        text(
            lang,
            "logged_in",
            initials=member["initials"],
            role=text(lang, member["role"]),
            method=text(lang, me["login_method"]),
        )
    )
    relogin = me.get("relogin")
    if relogin:
        if relogin["done"]:
            print(text(lang, "relogin_done"))
        elif relogin["turn_open"]:
            print(
                text(lang, "relogin_due", deadline=_when(relogin["deadline"]), wave=relogin["wave"])
            )
        else:
            print(
                text(
                    lang, "relogin_waiting", opens=_when(relogin["opens_at"]), wave=relogin["wave"]
                )
            )
    if me.get("balances"):
        print(
            text(
                lang,
                "balance",
                bonus=kroner(me["balances"]["bonus_ore"], lang),
                dividend=kroner(me["balances"]["dividend_ore"], lang),
            )
        )
    return 0


def _logout(phone: Phone, args) -> int:
    count = phone.logout(everywhere=args.all)
    print(
        text(args.lang, "logged_out_all", count=count)
        if args.all
        else text(args.lang, "logged_out")
    )
    return 0


def _coopay(phone: Phone, args) -> int:
    token = phone.coopay()
    payload = token["qr_payload"]
    if args.png:
        from devices.phone.pictures import qr_png

        qr_png(payload, Path(args.png))
    if args.payload_only:
        print(payload)
    else:
        print(render.qr_text(payload, invert=args.invert))
        print(text(args.lang, "coopay_until", until=_when(token["expires_at"])))
    if args.scan:
        from devices.rig.control import RigClient

        socket_path = args.socket or default_control_socket(args.dir)
        RigClient(socket_path).scan(payload, aim="]Q1", device=args.device)
        print(text(args.lang, "scanned", device=args.device))
    return 0


def _card(phone: Phone, args) -> int:
    card = phone.member_card()
    if args.png:
        from devices.phone.pictures import card_png

        initials = phone.me()["member"]["initials"]
        card_png(card["card_number"], masked=card["masked"], initials=initials,
                 label=text(args.lang, "card_label"), out=Path(args.png))
    print(render.code128_text(card["card_number"]))
    print(card["card_number"])
    print(text(args.lang, "card", masked=card["masked"], kind=card["kind"], status=card["status"]))
    return 0


def _family(phone: Phone, args) -> int:
    lang = args.lang
    if args.action == "add":
        added = phone.add_family(
            {
                "given_name": args.given_name,
                "family_name": args.family_name,
                "birth_date": args.birth_date,
                "phone": args.phone,
                "email": args.email,
                "coopay_allowed": not args.no_coopay,
            }
        )
        print(text(lang, "family_added", name=added["given_name"], ref=added["member_ref"]))
        return 0
    if args.action == "coopay":
        phone.set_family_coopay(args.member_ref, args.state == "on")
    members = phone.family()
    if not members:
        print(text(lang, "family_empty"))
    for m in members:
        allowed = text(lang, "coopay_on" if m["coopay_allowed"] else "coopay_off")
        print(
            f"{m['member_ref']}  {m['given_name']:<12} {m['initials']}  "
            f"{m['masked_card'] or '-'}  Coopay: {allowed}"
        )
    return 0


def _inbox(phone: Phone, args) -> int:
    messages = phone.inbox()
    if not messages:
        print(text(args.lang, "inbox_empty"))
    for m in messages:
        print(f"{_when(m['created_at'])} {m['channel']:<5} {m['body']}")
    return 0


COMMANDS = {
    "login": _login,
    "status": _status,
    "logout": _logout,
    "coopay": _coopay,
    "card": _card,
    "family": _family,
    "inbox": _inbox,
}

if __name__ == "__main__":
    raise SystemExit(main())
