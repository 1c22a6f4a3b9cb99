"""`pos-backend relogin …`: plan, advance and follow the staged re-login campaign."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the commands import these when they run
    from backend_stub.core.context import Backend
    from backend_stub.core.settings import BackendSettings


def register(commands) -> None:
    relogin = commands.add_parser("relogin", help="the staged re-login campaign")
    sub = relogin.add_subparsers(dest="action", required=True)
    plan = sub.add_parser("plan", help="split digital members into waves")
    plan.add_argument("--waves", type=int, required=True)
    plan.add_argument("--start", help="when wave 1 opens (ISO time with offset; default now)")
    plan.add_argument("--every-days", type=float, default=7, help="days between waves")
    plan.add_argument("--grace-days", type=float, default=30, help="days from opening to deadline")
    plan.add_argument("--name", default="Ny innlogging")
    plan.set_defaults(handler=run_plan)
    status = sub.add_parser("status", help="progress per wave")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)
    sub.add_parser(
        "tick", help="send due notices/reminders, force out past deadlines"
    ).set_defaults(handler=run_tick_command)
    sub.add_parser("cancel", help="stop the active campaign").set_defaults(handler=run_cancel)


def _print_status(result: dict | None, backend: Backend, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, default=str, indent=2))
        return
    if result is None:
        print("no active re-login campaign")
        return
    tz = backend.tz
    print(
        f'campaign {result["campaign"]} "{result["name"]}" at '
        f"{result['now'].astimezone(tz):%Y-%m-%d %H:%M}"
    )
    header = (
        "wave",
        "state",
        "opens",
        "deadline",
        "members",
        "notified",
        "reminded",
        "relogged",
        "forced out",
        "pending",
    )
    rows = [header] + [
        (
            str(w["number"]),
            w["state"],
            f"{w['opens_at'].astimezone(tz):%Y-%m-%d}",
            f"{w['deadline'].astimezone(tz):%Y-%m-%d}",
            f"{w['members']:,}",
            f"{w['notified']:,}",
            f"{w['reminded']:,}",
            f"{w['relogged']:,}",
            f"{w['forced_out']:,}",
            f"{w['pending']:,}",
        )
        for w in result["waves"]
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)))


def run_plan(args, settings: BackendSettings) -> int:
    from backend_stub.campaign.runner import plan_campaign
    from backend_stub.core.context import Backend

    backend = Backend.open(settings, migrate=True)
    try:
        start = datetime.fromisoformat(args.start) if args.start else backend.now()
        if start.tzinfo is None:
            raise ValueError("--start needs a UTC offset, e.g. 2025-03-01T08:00:00+01:00")
        result = plan_campaign(
            backend,
            waves=args.waves,
            first_opens_at=start,
            wave_every=timedelta(days=args.every_days),
            grace=timedelta(days=args.grace_days),
            name=args.name,
        )
        _print_status(result, backend, False)
    finally:
        backend.close()
    return 0


def run_status(args, settings: BackendSettings) -> int:
    from backend_stub.campaign import service as campaign
    from backend_stub.core.context import Backend

    backend = Backend.open(settings)
    try:
        with backend.db.reading() as session:
            result = campaign.status(session, backend.now())
        _print_status(result, backend, args.json)
    finally:
        backend.close()
    return 0


def run_tick_command(_args, settings: BackendSettings) -> int:
    from backend_stub.campaign.runner import run_tick
    from backend_stub.core.context import Backend

    backend = Backend.open(settings)
    try:
        report = run_tick(backend)
        print(
            f"notified {report.notified:,}, reminded {report.reminded:,}, forced out "
            f"{report.forced_out:,} ({report.sessions_revoked:,} old sessions revoked)"
        )
    finally:
        backend.close()
    return 0


def run_cancel(_args, settings: BackendSettings) -> int:
    from backend_stub.campaign import service as campaign
    from backend_stub.core.context import Backend

    backend = Backend.open(settings)
    try:
        with backend.db.writing() as session:
            done = campaign.cancel(session)
    finally:
        backend.close()
    print("campaign cancelled" if done else "no active campaign")
    return 0
