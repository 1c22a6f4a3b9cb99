"""Fixtures for the compliance unit tests (the real till engine, a stand-in hub)."""

from tests.fixtures.register_till import catalog, clock, hub, till, tmp_dir  # noqa: F401
