"""Fixtures for the journal's unit tests: a real SQLite journal file in a temp dir, a fake clock."""

from tests.fixtures.journal_files import clock, journal, journal_path, tmp_path  # noqa: F401
