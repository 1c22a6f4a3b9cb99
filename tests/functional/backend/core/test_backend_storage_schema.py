"""The shipped migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from backend_stub.core import migrate
from backend_stub.core.db import make_engine
from backend_stub.core.settings import BackendSettings
from backend_stub.core.tables import Base


def test_migrations_reach_head_and_match_the_models(db_url):
    engine = make_engine(BackendSettings(db_url=db_url))
    try:
        migrate.upgrade(engine)  # the template is migrated already: a no-op
        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(BackendSettings(db_url=f"sqlite:///{tmp_path / 'x.sqlite3'}"))
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
