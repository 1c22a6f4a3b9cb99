"""The FastAPI application: every domain's routers, problem handlers, and the tickers' lifetime."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI

from backend_stub import __version__
from backend_stub.campaign.runner import CampaignTicker
from backend_stub.coopay import routes as coopay
from backend_stub.core import errors, health
from backend_stub.core.context import Backend
from backend_stub.core.request_context import RequestContext
from backend_stub.dev import routes as dev
from backend_stub.login import routes as login
from backend_stub.members import routes as members
from backend_stub.privacy import audit
from backend_stub.privacy import routes as privacy
from backend_stub.privacy.runner import PrivacyTicker
from backend_stub.purchases import routes as purchases
from backend_stub.terminals import routes as terminals

DESCRIPTION = """The Coop member backend (simulated): members, cards, two-step app login,
the staged re-login campaign, Coopay, and purchase ingest with bonus and kjøpeutbytte.

Errors are RFC 9457 problem+json with a stable `code` and `message_nb`/`message_en`
for people. See docs/api.md."""


def create_app(backend: Backend, *, owns_backend: bool = False) -> FastAPI:
    """The API on `backend`; `owns_backend` closes it when the app stops (a worker's)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        tickers = []
        if backend.settings.campaign_tick_seconds > 0:
            tickers.append(CampaignTicker(backend, backend.settings.campaign_tick_seconds))
        tickers.append(PrivacyTicker(backend, backend.settings.privacy_job_seconds))
        for ticker in tickers:
            ticker.start()
        # The cyclic collector, tuned for a server: everything built so far (the app,
        # its routes and schemas, SQLAlchemy's metadata) lives as long as the worker, so
        # it is frozen out of the collector's reach; and a collection starts after
        # 10 000 net new objects rather than 700, since a request's objects are freed
        # by reference counting anyway. Under batch ingest the collector took about a
        # quarter of a worker's time, now well under a tenth of that.
        gc.freeze()
        gc.set_threshold(10_000, 20, 20)
        try:
            yield
        finally:
            for ticker in tickers:
                ticker.stop()
            audit.read_buffer(backend).flush(backend.db)
            if owns_backend:
                backend.close()

    app = FastAPI(
        title="Coop member backend",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.backend = backend
    app.add_middleware(RequestContext)
    errors.install(app)
    # Routes are matched in order, each tried in turn (about 1 µs a route): the tills'
    # hot paths come first, in order of traffic, so a lookup is not matched against
    # every app and dev route before its own.
    for router in (
        members.terminal_router,
        purchases.terminal_router,
        coopay.terminal_router,
        terminals.terminal_router,
        health.router,
        login.app_router,
        members.app_router,
        purchases.app_router,
        coopay.app_router,
        privacy.app_router,
    ):
        app.include_router(router)
    app.include_router(dev.dev_router, include_in_schema=backend.settings.dev)
    return app
