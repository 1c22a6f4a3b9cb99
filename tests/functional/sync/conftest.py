"""Fixtures for the sync functional tests: a drainer killed mid-drain, a real backend."""

from tests.fixtures.backend import backend_factory, backend_server  # noqa: F401
from tests.fixtures.processes import spawn  # noqa: F401
