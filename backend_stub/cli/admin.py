"""Member-services commands: terminal keys, stores, bonus rules, cards, members, the outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the commands import these when they run
    from backend_stub.core.settings import BackendSettings


def register(commands) -> None:
    term = commands.add_parser("terminals", help="till API keys")
    sub = term.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="a new key for a till (printed once; stored hashed)")
    add.add_argument("--store", type=int, required=True)
    add.add_argument("--register", type=int, default=1)
    add.add_argument("--label", default="")
    add.set_defaults(handler=run_terminal_add)
    sub.add_parser("list", help="keys by store").set_defaults(handler=run_terminal_list)
    revoke = sub.add_parser("revoke", help="revoke a key by its key id")
    revoke.add_argument("key_id")
    revoke.set_defaults(handler=run_terminal_revoke)

    stores = commands.add_parser("stores", help="stores and their kjøpeutbytte rate")
    stores.add_argument("--store", type=int, required=True)
    stores.add_argument("--name")
    stores.add_argument("--coop-name")
    stores.add_argument("--dividend-percent", type=float, help="e.g. 1.5")
    stores.set_defaults(handler=run_store)

    bonus = commands.add_parser("bonus", help="bonus rules")
    bsub = bonus.add_subparsers(dest="action", required=True)
    badd = bsub.add_parser("add")
    target = badd.add_mutually_exclusive_group(required=True)
    target.add_argument("--product-group")
    target.add_argument("--gtin")
    badd.add_argument("--percent", type=float, required=True)
    badd.add_argument("--store", type=int)
    badd.add_argument("--label", default="")
    badd.set_defaults(handler=run_bonus_add)
    bsub.add_parser("list").set_defaults(handler=run_bonus_list)

    cards = commands.add_parser("cards", help="block, report lost or reactivate a card")
    cards.add_argument("card_number")
    cards.add_argument("status", choices=["active", "blocked", "lost"])
    cards.add_argument("--reason")
    cards.set_defaults(handler=run_card_status)

    box = commands.add_parser("outbox", help="messages a phone or e-mail address received")
    box.add_argument("--phone")
    box.add_argument("--email")
    box.add_argument("--last", type=int, default=10)
    box.set_defaults(handler=run_outbox)


def _basis_points(percent: float) -> int:
    return round(percent * 100)


def run_terminal_add(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.terminals import service as terminals

    backend = Backend.open(settings, migrate=True)
    try:
        with backend.db.writing() as session:
            key, terminal = terminals.add_terminal(
                backend, session, store_id=args.store, register=args.register, label=args.label
            )
        print(
            f"terminal key for store {args.store} register {args.register} "
            f"(key id {terminal.key_id}); shown once, keep it safe:"
        )
        print(key)
    finally:
        backend.close()
    return 0


def run_terminal_list(_args, settings: BackendSettings) -> int:
    from sqlalchemy import select

    from backend_stub.core.context import Backend
    from backend_stub.terminals.models import Terminal

    backend = Backend.open(settings)
    try:
        with backend.db.reading() as session:
            for t in session.scalars(select(Terminal).order_by(Terminal.store_id, Terminal.id)):
                state = "revoked" if t.revoked_at else "active"
                print(f"{t.key_id}  store {t.store_id}  register {t.register}  {state}  {t.label}")
    finally:
        backend.close()
    return 0


def run_terminal_revoke(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.terminals import service as terminals

    backend = Backend.open(settings)
    try:
        with backend.db.writing() as session:
            done = terminals.revoke(backend, session, args.key_id)
    finally:
        backend.close()
    print("revoked" if done else "no active key with that id")
    return 0 if done else 1


def run_store(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.terminals import service as terminals

    backend = Backend.open(settings, migrate=True)
    try:
        with backend.db.writing() as session:
            rate = None if args.dividend_percent is None else _basis_points(args.dividend_percent)
            store = terminals.ensure_store(
                session, args.store, name=args.name, coop_name=args.coop_name, dividend_rate_bp=rate
            )
            effective = store.dividend_rate_bp or settings.dividend_rate_bp
            print(
                f"store {store.id} {store.name} ({store.coop_name or '-'}): "
                f"kjøpeutbytte {effective / 100:.2f} %"
            )
    finally:
        backend.close()
    return 0


def run_bonus_add(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.terminals import service as terminals

    backend = Backend.open(settings, migrate=True)
    try:
        with backend.db.writing() as session:
            kind, match = (
                ("gtin", args.gtin) if args.gtin else ("product_group", args.product_group)
            )
            rule = terminals.add_bonus_rule(
                session,
                kind=kind,
                match=match,
                rate_bp=_basis_points(args.percent),
                label=args.label,
                store_id=args.store,
            )
            print(f"bonus rule {rule.id}: {kind} {match} {rule.rate_bp / 100:.2f} %")
    finally:
        backend.close()
    return 0


def run_bonus_list(_args, settings: BackendSettings) -> int:
    from sqlalchemy import select

    from backend_stub.core.context import Backend
    from backend_stub.terminals.models import BonusRule

    backend = Backend.open(settings)
    try:
        with backend.db.reading() as session:
            for r in session.scalars(select(BonusRule).order_by(BonusRule.id)):
                where = f"store {r.store_id}" if r.store_id else "all stores"
                state = "" if r.active else " (inactive)"
                print(
                    f"{r.id}: {r.kind} {r.match} {r.rate_bp / 100:.2f} % {where}{state} {r.label}"
                )
    finally:
        backend.close()
    return 0


def run_card_status(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.members import service as members
    from pos.formats.member_card import mask_number

    backend = Backend.open(settings)
    try:
        with backend.db.writing() as session:
            card = members.set_card_status(session, args.card_number, args.status, args.reason)
            print(f"card {mask_number(card.number)} is now {card.status}")
    finally:
        backend.close()
    return 0


def run_outbox(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.core.identity import normalise_phone
    from backend_stub.outbox import service as outbox

    backend = Backend.open(settings)
    try:
        with backend.db.reading() as session:
            messages = outbox.messages_for(
                session,
                phone=normalise_phone(args.phone) if args.phone else None,
                email=args.email,
                limit=100_000,
            )
    finally:
        backend.close()
    for m in messages[-args.last :]:
        when = m.created_at.astimezone(backend.tz).strftime("%Y-%m-%d %H:%M")
        print(f"#{m.id} {when} {m.channel:5} {m.kind}: {m.body}")
    return 0
