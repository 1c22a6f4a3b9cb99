"""Benchmarks: `make bench` runs every `bench/bench_*.py`; each compares against its limit."""
