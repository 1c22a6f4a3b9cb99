"""`python -m bench [names…] [--quick]`: run benchmarks, print tables, write JSON."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from bench.common import render_table, write_json

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all), e.g. devices")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    available = sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    chosen = args.names or available
    unknown = set(chosen) - set(available)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; available: {available}")
    failed = 0
    for name in chosen:
        module = importlib.import_module(f"bench.bench_{name}")
        start = time.perf_counter()
        try:
            results = module.run(quick=args.quick)
        except Exception as exc:  # a broken benchmark must not hide the others
            failed += 1
            print(f"== {name}: FAILED: {exc!r}", file=sys.stderr)
            continue
        seconds = time.perf_counter() - start
        print(render_table(name, results))
        print(f"   ({seconds:.1f} s, written to {write_json(name, results, seconds)})\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
