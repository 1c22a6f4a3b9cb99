"""`pos-backend seed` (bulk or demo) and `pos-backend demo-setup` (demo data + a till key)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from backend_stub.vocabulary import DEMO_STORE

if TYPE_CHECKING:  # annotations only: the commands import these when they run
    from backend_stub.core.settings import BackendSettings


def register(commands) -> None:
    seed = commands.add_parser("seed", help="add synthetic members (and/or the demo set)")
    seed.add_argument("--members", type=int, default=0, help="how many owners to add")
    seed.add_argument("--demo", action="store_true", help="the documented demo set")
    seed.add_argument("--coopay-share", type=float, default=0.25)
    seed.add_argument("--digital-share", type=float, default=0.80)
    seed.add_argument("--family-share", type=float, default=0.04)
    seed.add_argument("--batch", type=int, default=10_000)
    seed.add_argument("--random-seed", type=int)
    seed.set_defaults(handler=run_seed)
    setup = commands.add_parser(
        "demo-setup", help="demo data plus a new terminal key, written to a JSON file for the till"
    )
    setup.add_argument("--store", type=int, default=DEMO_STORE)
    setup.add_argument("--register", type=int, default=1)
    setup.add_argument("--out", default="var/demo.json")
    setup.add_argument("--base-url", help="where the till finds this backend, e.g. http://…")
    setup.set_defaults(handler=run_demo_setup)


def run_seed(args, settings: BackendSettings) -> int:
    from backend_stub.cli.progress import ProgressBar
    from backend_stub.core.context import Backend
    from backend_stub.seeding import demo
    from backend_stub.seeding.bulk import SeedOptions, seed_members

    if not args.members and not args.demo:
        print("pos-backend seed: give --members N and/or --demo", file=sys.stderr)
        return 2
    backend = Backend.open(settings, migrate=True)
    try:
        if args.demo:
            demo.ensure_demo(backend)
            print(f"demo set ready: {len(demo.PEOPLE)} people (docs/backend.md)")
        if args.members:
            options = SeedOptions(
                members=args.members,
                coopay_share=args.coopay_share,
                digital_share=args.digital_share,
                family_share=args.family_share,
                batch=args.batch,
                random_seed=args.random_seed,
            )
            report = seed_members(backend, options, ProgressBar("seeding members"))
            print(
                f"added {report.owners:,} owners, {report.family:,} family members, "
                f"{report.digital:,} digital accounts, {report.coopay:,} with Coopay, "
                f"{report.legacy_sessions:,} old app sessions in {report.seconds:.1f} s"
            )
    finally:
        backend.close()
    return 0


def run_demo_setup(args, settings: BackendSettings) -> int:
    from backend_stub.core.context import Backend
    from backend_stub.seeding import demo
    from backend_stub.terminals import service as terminals

    backend = Backend.open(settings, migrate=True)
    try:
        demo.ensure_demo(backend)
        with backend.db.writing() as session:
            key, _ = terminals.add_terminal(
                backend, session, store_id=args.store, register=args.register, label="demo-setup"
            )
        payload = {
            "base_url": args.base_url,
            "terminal_key": key,
            "store": args.store,
            "register": args.register,
            "members": demo.describe(backend),
        }
    finally:
        backend.close()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.chmod(0o600)  # it holds a terminal key
    print(f"wrote {out} (store {args.store}, register {args.register})")
    return 0
