"""`pos-backend serve` and `pos-backend migrate`."""

from __future__ import annotations

import sys

from backend_stub import migrate as migrations
from backend_stub.context import Backend
from backend_stub.db import make_engine
from backend_stub.settings import BackendSettings


def register(commands) -> None:
    serve = commands.add_parser("serve", help="run the HTTP API (migrates the database first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--no-migrate", action="store_true", help="do not migrate on start")
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.add_argument("--no-access-log", action="store_true")
    serve.set_defaults(handler=run_serve)
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(handler=run_migrate)


def _where(settings: BackendSettings) -> str:
    return settings.db_url.split("@")[-1] if "@" in settings.db_url else settings.db_url


def run_migrate(_args, settings: BackendSettings) -> int:
    engine = make_engine(settings)
    try:
        migrations.upgrade(engine)
        print(f"database {_where(settings)} at schema {migrations.current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def run_serve(args, settings: BackendSettings) -> int:
    import uvicorn  # only the server needs the web stack: other commands start faster

    from backend_stub.api.app import create_app

    backend = Backend.open(settings, migrate=not args.no_migrate)
    app = create_app(backend)
    mode = " (dev mode)" if settings.dev else ""
    print(
        f"pos-backend serving on http://{args.host}:{args.port}{mode}, database {_where(settings)}",
        file=sys.stderr,
        flush=True,
    )
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=not args.no_access_log,
        timeout_graceful_shutdown=5,
    )
    try:
        uvicorn.Server(config).run()
    finally:
        backend.close()
    return 0
