"""The FastAPI application: routers, problem handlers, and the campaign ticker's lifetime."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from backend_stub import __version__
from backend_stub.api import errors
from backend_stub.api.request_context import RequestContext
from backend_stub.api.routes import app_api, dev, health, privacy, terminal
from backend_stub.context import Backend
from backend_stub.services import audit
from backend_stub.services.campaign_runner import CampaignTicker
from backend_stub.services.privacy_runner import PrivacyTicker

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
    app.include_router(health.router)
    app.include_router(terminal.router)
    app.include_router(app_api.router)
    app.include_router(privacy.router)
    app.include_router(dev.router, include_in_schema=backend.settings.dev)
    return app
