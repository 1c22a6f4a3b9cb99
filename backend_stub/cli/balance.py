"""`pos-backend member balance`: a member's bonus and kjøpeutbytte, and the last purchases.

For member services answering "what have I earned?": the owner's account balance
(the family's purchases credit the owner), and the newest ledger entries with the
purchase, store and who bought, by initials. Member and membership numbers are
masked as on a receipt; reading it is an audited read of personal data.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from backend_stub.cli.privacy import _admin, _who, _with_member

if TYPE_CHECKING:  # annotations only: the command imports these when it runs
    from backend_stub.core.settings import BackendSettings


def register(member_actions) -> None:
    balance = member_actions.add_parser(
        "balance", help="bonus and kjøpeutbytte credited, and the last purchases (masked)")
    _who(balance)
    balance.add_argument("--last", type=int, default=10, help="how many ledger entries")
    balance.add_argument("--json", action="store_true", help="as JSON")
    balance.set_defaults(handler=run_balance)


def run_balance(args, settings: BackendSettings) -> int:
    from backend_stub.members import service as members
    from backend_stub.privacy import audit
    from backend_stub.purchases import ledger

    def work(backend, session, member):
        audit.record(session, backend.now(), _admin(args), "read", "account",
                     subject_ref=member.ref)
        view = members.view_by_ref(session, member.ref)
        if view is not None:
            view.card = members.primary_card(session, member.id)
        owner = member.role == "owner"
        return {
            "member": view.summary() if view else {"member_ref": member.ref},
            "account": view.account() if view else None,
            "balances": ledger.balances(session, member.membership_id),
            "entries": ledger.entries(session, member.membership_id,
                                      member_id=None if owner else member.id,
                                      limit=max(0, args.last)),
        }, backend.tz

    found, tz = _with_member(args, settings, work, write=True)
    if args.json:
        print(json.dumps(found, default=str, indent=2, ensure_ascii=False))
        return 0
    print(describe(found, tz))
    return 0


def kroner(ore: int) -> str:
    """`kr 1 234,50`, as the till prints amounts."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}kr {whole:,}".replace(",", "\u00a0") + f",{cents:02d}"


def describe(found: dict, tz) -> str:
    member, account, balances = found["member"], found["account"], found["balances"]
    role = member.get("role", "")
    if role == "family":
        role = f"family member of {member.get('owner_initials', '?')}"
    lines = [f"member {member.get('masked_card') or member['member_ref']} "
             f"{member.get('initials', '')} ({role}), status {member.get('status', '?')}"]
    if account:
        lines.append(f"membership {account['masked_member_number']} "
                     f"(owner {account['owner_initials']})")
    lines += [f"  bonus         {kroner(balances['bonus_ore']):>14}",
              f"  kjøpeutbytte  {kroner(balances['dividend_ore']):>14}"]
    entries = found["entries"]
    lines.append(f"last {len(entries)} ledger entr{'y' if len(entries) == 1 else 'ies'}"
                 " (newest first):" if entries else "no purchases credited yet")
    for e in entries:
        when = e["created_at"].astimezone(tz).strftime("%Y-%m-%d %H:%M")
        who = e["bought_by"]
        lines.append(f"  {when}  store {e['store']}  {e['purchase_kind']:<8} {e['kind']:<8} "
                     f"{kroner(e['amount_ore']):>12}  by {who['initials']} ({who['role']})")
    return "\n".join(lines)
