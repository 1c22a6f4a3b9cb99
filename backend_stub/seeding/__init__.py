"""Seed data: bulk synthetic members (benchmarks, load) and the documented demo set."""
