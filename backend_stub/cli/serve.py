"""`pos-backend serve` and `pos-backend migrate`.

One worker serves in this process. `--workers N` migrates here, then lets uvicorn
start N worker processes on the same port and database (each builds its app from
the environment, see `backend_stub.core.asgi`). Everything a worker keeps in memory
is either shared through the database (the dev clock) or a cache with a bounded
staleness (terminal keys 1 s, earning rules 10 s), so any worker may take any request.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the commands import these when they run
    from backend_stub.core.settings import BackendSettings

WORKER_APP = "backend_stub.core.asgi:create_app_from_environment"


def register(commands) -> None:
    serve = commands.add_parser("serve", help="run the HTTP API (migrates the database first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes sharing the port and database"
    )
    serve.add_argument("--no-migrate", action="store_true", help="do not migrate on start")
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument(
        "--log-format", default="json", choices=["json", "text"], help="json: one object a line"
    )
    access = serve.add_mutually_exclusive_group()
    access.add_argument(
        "--access-log", action="store_true", help="log every request (off: it costs per request)"
    )
    access.add_argument("--no-access-log", action="store_true", help="the default")
    serve.set_defaults(handler=run_serve)
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(handler=run_migrate)


def _where(settings: BackendSettings) -> str:
    return settings.db_url.split("@")[-1] if "@" in settings.db_url else settings.db_url


def run_migrate(_args, settings: BackendSettings) -> int:
    from backend_stub.core import migrate as migrations
    from backend_stub.core.db import make_engine

    engine = make_engine(settings)
    try:
        migrations.upgrade(engine)
        print(f"database {_where(settings)} at schema {migrations.current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def _announce(args, settings: BackendSettings) -> None:
    mode = " (dev mode)" if settings.dev else ""
    workers = f", {args.workers} workers" if args.workers > 1 else ""
    print(
        f"pos-backend serving on http://{args.host}:{args.port}{mode}{workers}, "
        f"database {_where(settings)}",
        file=sys.stderr,
        flush=True,
    )


def _hand_to_workers(args, settings: BackendSettings) -> None:
    """Put what this process resolved where the worker processes will read it."""
    from backend_stub.core.settings import CONFIG_FILE_ENV, ENV_PREFIX

    os.environ[ENV_PREFIX + "DB_URL"] = settings.db_url
    os.environ[ENV_PREFIX + "DEV"] = "1" if settings.dev else "0"
    if args.config:
        os.environ[CONFIG_FILE_ENV] = str(Path(args.config).resolve())


def run_serve(args, settings: BackendSettings) -> int:
    import uvicorn  # only the server needs the web stack: other commands start faster

    from backend_stub.core.context import Backend
    from backend_stub.core.logs import uvicorn_log_config

    if args.workers < 1:
        raise ValueError("--workers is 1 or more")
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "log_config": uvicorn_log_config(args.log_level, args.log_format),
        "access_log": args.access_log,
        "timeout_graceful_shutdown": 5,
    }
    if args.workers > 1:
        if not args.no_migrate:
            Backend.open(settings, migrate=True).close()
        _hand_to_workers(args, settings)
        _announce(args, settings)
        uvicorn.run(WORKER_APP, factory=True, workers=args.workers, **options)
        return 0

    from backend_stub.core.app import create_app

    backend = Backend.open(settings, migrate=not args.no_migrate)
    app = create_app(backend)
    _announce(args, settings)
    try:
        uvicorn.Server(uvicorn.Config(app, **options)).run()
    finally:
        backend.close()
    return 0
