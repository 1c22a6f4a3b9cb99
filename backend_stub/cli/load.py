"""`pos-backend load`: simulated tills against a running backend, then the exactly-once check.

It reads the same settings as the server (POS_BACKEND_DB_URL or --db-url) to issue
the tills' keys and sample member cards before the run, and to check every answered
purchase in the database after it.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # annotations only: the commands import these when they run
    from backend_stub.core.settings import BackendSettings
    from backend_stub.loadgen.drive import LoadPlan


def register(commands) -> None:
    load = commands.add_parser(
        "load", help="simulate many tills posting purchases; check exactly-once afterwards"
    )
    load.add_argument("--url", default="http://127.0.0.1:8700", help="the running backend")
    load.add_argument("--tills", type=int, default=48, help="simulated tills (4 per store)")
    load.add_argument("--rate", type=float, default=20.0, help="purchases/s in all; 0 = max")
    load.add_argument("--duration", type=float, default=30.0, help="seconds of selling")
    load.add_argument("--batch", type=int, default=1, help="purchases per request (1 = single)")
    load.add_argument("--member-share", type=float, default=0.5, help="sales with a member card")
    load.add_argument("--duplicates", type=float, default=0.02, help="share sent twice")
    load.add_argument("--first-store", type=int, default=5001, help="the first store's number")
    load.add_argument("--seed", type=int, default=1)
    load.add_argument("--json", help="also write the figures to this JSON file")
    load.set_defaults(handler=run_load)


def plan_from(args) -> LoadPlan:
    from backend_stub.loadgen.drive import LoadPlan

    if args.tills < 1 or args.duration <= 0 or args.rate < 0 or not 1 <= args.batch <= 500:
        raise ValueError("need --tills ≥ 1, --duration > 0, --rate ≥ 0 and --batch 1..500")
    if not (0 <= args.member_share <= 1 and 0 <= args.duplicates <= 1):
        raise ValueError("--member-share and --duplicates are shares between 0 and 1")
    return LoadPlan(
        tills=args.tills,
        rate=args.rate,
        duration=args.duration,
        batch=args.batch,
        member_share=args.member_share,
        duplicate_share=args.duplicates,
        seed=args.seed,
    )


def run_load_plan(
    settings: BackendSettings, plan: LoadPlan, url: str, first_store: int = 5001
) -> dict:
    """Issue keys, run the tills, check the database: the figures (see `report.figures`)."""
    from backend_stub.core.context import Backend
    from backend_stub.loadgen import fleet, report, verify
    from backend_stub.loadgen.drive import drive

    address = urlsplit(url)
    if address.scheme != "http" or not address.hostname:
        raise ValueError(f"--url must be http://host:port, not {url!r}")
    backend = Backend.open(settings)
    try:
        tills = fleet.issue_tills(backend, plan.tills, first_store=first_store)
        cards = fleet.member_cards(backend, random.Random(plan.seed))
        if not cards and plan.member_share > 0:
            raise ValueError("the database has no member cards (seed it, or --member-share 0)")
        tally = asyncio.run(drive(plan, tills, cards, address.hostname, address.port or 80))
        verdict = verify.check(backend, tally.answers)
    finally:
        backend.close()
    return report.figures(plan, tally, verdict)


def run_load(args, settings: BackendSettings) -> int:
    from backend_stub.loadgen import report

    result = run_load_plan(settings, plan_from(args), args.url, args.first_store)
    print(report.table(result))
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(f"written to {path}", file=sys.stderr)
    return 0 if result["verdict"]["exactly_once"] and not result["failures"] else 1
