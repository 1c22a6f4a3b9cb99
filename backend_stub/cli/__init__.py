"""`pos-backend`: serve the API, migrate, seed, manage terminals and the re-login campaign.

Parsing imports nothing heavy (each command imports what it uses when it runs).
Every command reads the same settings as the server (POS_BACKEND_* or --config FILE),
so `POS_BACKEND_DB_URL=… pos-backend relogin status` talks to the server's database.
"""

from __future__ import annotations

import argparse
import sys

from backend_stub.cli import admin, data, load, privacy, relogin, serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-backend", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="TOML settings file (keys as in BackendSettings)")
    parser.add_argument("--db-url", help="SQLAlchemy URL (overrides POS_BACKEND_DB_URL)")
    parser.add_argument(
        "--dev",
        action="store_true",
        default=None,
        help="dev mode: /dev/v1 API and the movable clock",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (serve, data, admin, relogin, privacy, load):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse, then import what the command needs: `--help` and a mistyped command answer
    at once, and no command touches a database it was not asked to (no command at all
    prints the help rather than creating an empty `var/backend.sqlite3`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from backend_stub.core.problems import ApiProblem
    from backend_stub.core.settings import load_settings

    overrides = {}
    if args.db_url:
        overrides["db_url"] = args.db_url
    if args.dev:
        overrides["dev"] = True
    try:
        settings = load_settings(args.config, **overrides)
        return args.handler(args, settings) or 0
    except (ApiProblem, ValueError, FileNotFoundError) as exc:
        print(f"pos-backend: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not _is_campaign_error(exc):
            raise
        print(f"pos-backend: {exc}", file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as exc:  # no database, no schema, no server
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        print(
            f"pos-backend: the database is not usable ({reason}); is POS_BACKEND_DB_URL "
            "right, and has `pos-backend migrate` run?",
            file=sys.stderr,
        )
        return 3
    except KeyboardInterrupt:
        return 130


def _is_campaign_error(exc: Exception) -> bool:
    """A refused campaign step (`CampaignError`), without importing the campaign's module
    for commands that never load it (then it cannot have raised)."""
    campaign = sys.modules.get("backend_stub.campaign.service")
    return campaign is not None and isinstance(exc, campaign.CampaignError)
