"""Alembic migrations, shipped inside the package so `pos-backend migrate` works when installed."""
