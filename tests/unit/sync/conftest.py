"""Fixtures for the sync unit tests: a real SQLite journal file in RAM, a stepping clock."""

from tests.fixtures.journal_files import clock, journal, journal_path, tmp_path  # noqa: F401
