"""The FastAPI application: routers, problem handlers, and the campaign ticker's lifetime."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from backend_stub import __version__
from backend_stub.api import errors
from backend_stub.api.routes import app_api, dev, health, terminal
from backend_stub.context import Backend
from backend_stub.services.campaign_runner import CampaignTicker

DESCRIPTION = """The Coop member backend (simulated): members, cards, two-step app login,
the staged re-login campaign, Coopay, and purchase ingest with bonus and kjøpeutbytte.

Errors are RFC 9457 problem+json with a stable `code` and `message_nb`/`message_en`
for people. See docs/api.md."""


def create_app(backend: Backend) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        ticker = None
        if backend.settings.campaign_tick_seconds > 0:
            ticker = CampaignTicker(backend, backend.settings.campaign_tick_seconds)
            ticker.start()
        try:
            yield
        finally:
            if ticker is not None:
                ticker.stop()

    app = FastAPI(
        title="Coop member backend",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.backend = backend
    errors.install(app)
    app.include_router(health.router)
    app.include_router(terminal.router)
    app.include_router(app_api.router)
    app.include_router(dev.router, include_in_schema=backend.settings.dev)
    return app
