"""Privacy storage tests reuse the backend's SQLite/PostgreSQL fixtures (demo set, fixed clock)."""

from tests.functional.backend.conftest import (  # noqa: F401  (fixtures, found by name)
    backend,
    db_url,
    postgres_template,
    private_backend,
    sqlite_template,
)
