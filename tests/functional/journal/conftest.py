"""Fixtures for the journal's functional tests: real child processes on real files."""

from tests.fixtures.processes import spawn  # noqa: F401
