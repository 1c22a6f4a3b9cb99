"""Alembic environment: runs on the connection `backend_stub.migrate` hands over.

Migrations always run through `backend_stub.migrate.upgrade`, which passes an open
connection (so SQLite gets the same pragmas and BEGIN handling as the service).
`render_as_batch` lets later migrations alter SQLite tables.
"""

from alembic import context

from backend_stub.core.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `pos-backend migrate` (backend_stub.migrate.upgrade)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
