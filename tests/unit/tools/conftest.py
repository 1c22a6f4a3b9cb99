"""Fixtures for the tools' unit tests: demo day, compliance CLI (real engine, stand-in hub)."""

from tests.fixtures.register_till import catalog, clock, hub, till, tmp_dir  # noqa: F401
