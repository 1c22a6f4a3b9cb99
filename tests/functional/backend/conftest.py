"""Storage tests run the same service behaviour on SQLite and on PostgreSQL.

Each test gets its own database, copied from a template that is migrated and holds
the demo set (built once per session and kind), with a fixed clock at `START`.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import make_url

from backend_stub.core.clock import FixedClock
from backend_stub.core.context import Backend
from backend_stub.core.settings import BackendSettings
from backend_stub.seeding import demo
from backend_stub.seeding.demo import DEMO_STORE
from backend_stub.terminals import service as terminals

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def settings_for(db_url: str, **overrides) -> BackendSettings:
    return BackendSettings(
        db_url=db_url, dev=True, campaign_tick_seconds=0, secret_key="test-secret", **overrides
    )


def _build_template(db_url: str) -> None:
    backend = Backend.open(settings_for(db_url), migrate=True, clock=FixedClock(START))
    try:
        demo.ensure_demo(backend)
    finally:
        backend.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _build_template(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template(postgres_server):
    url = postgres_server.create_database("template")
    _build_template(url)
    return make_url(url).database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "backend.sqlite3"
        shutil.copyfile(template, target)
        return f"sqlite:///{target}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(template=request.getfixturevalue("postgres_template"))


@pytest.fixture
def backend(db_url):
    """An in-process backend on its own database with the demo set, clock fixed at START."""
    instance = Backend.open(settings_for(db_url), clock=FixedClock(START))
    yield instance
    instance.close()


@pytest.fixture
def till(backend) -> terminals.TerminalIdentity:
    """A till (register 2 of the demo store) with its own key on `backend`."""
    with backend.db.writing() as session:
        _, row = terminals.add_terminal(backend, session, store_id=DEMO_STORE, register=2)
    return terminals.TerminalIdentity(row.id, DEMO_STORE, 2)


@pytest.fixture(scope="module")
def private_backend(tmp_path_factory):
    """A server of this test module's own: its clock may move and its members may log out."""
    from tests.fixtures.backend_server import start_backend

    server = start_backend(tmp_path_factory.mktemp("private-backend"))
    yield server
    server.stop()
