"""Liveness, readiness and the problem catalogue."""

from __future__ import annotations

import os

from fastapi import APIRouter
from sqlalchemy import text

from backend_stub import __version__
from backend_stub.core.deps import BackendDep, ReadSession
from backend_stub.core.problems import CATALOGUE, ApiProblem
from backend_stub.core.responses import BODY, problems

router = APIRouter(tags=["health"])


@router.get("/health/live", summary="Liveness: answers without touching the database")
async def live() -> dict:
    return {"status": "ok"}


@router.get("/health", summary="Readiness: the database answers")
def ready(backend: BackendDep, session: ReadSession) -> dict:
    session.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "version": __version__,
        "database": backend.db.dialect,
        "dev": backend.settings.dev,
        "time": backend.now(),
        "worker": os.getpid(),  # which worker answered (serve --workers N)
    }


@router.get(
    "/problems/{code}",
    summary="What a problem code means, in both languages",
    responses=problems(*BODY, "not_found"),
)
async def problem(code: str) -> dict:
    spec = CATALOGUE.get(code)
    if spec is None:
        raise ApiProblem("not_found", f"no problem code {code!r}")
    return {
        "code": code,
        "status": spec.status,
        "title": spec.title,
        "message_nb": spec.message_nb,
        "message_en": spec.message_en,
    }
