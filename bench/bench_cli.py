"""Command-line start-up: how long a tester waits for `--help` and a simple command.

Each command runs in a fresh interpreter with bytecode cached (as on a user's
machine after the first run), median of several runs, beside the limits measured
in the same run: `python -c pass` (the interpreter alone) and `python -c "import
sqlalchemy"` (the least a database command must load). The issue's goal is under
0.5 s for `--help` and simple commands.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result

PY = sys.executable


def _median_seconds(argv: list[str], env: dict, runs: int) -> float:
    times = []
    for _ in range(runs + 1):  # the first run writes the bytecode; not counted
        start = time.perf_counter()
        subprocess.run(argv, env=env, capture_output=True, check=True, timeout=120)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def run(quick: bool = False) -> list[Result]:
    runs = 3 if quick else 7
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        env["POS_BACKEND_DB_URL"] = f"sqlite:///{Path(tmp) / 'cli.sqlite3'}"
        subprocess.run([PY, "-m", "backend_stub", "seed", "--demo"], env=env,
                       capture_output=True, check=True, timeout=300)
        bare = _median_seconds([PY, "-c", "pass"], env, runs)
        sqlalchemy = _median_seconds([PY, "-c", "import sqlalchemy.orm"], env, runs)
        commands = {
            "pos-backend --help": ([PY, "-m", "backend_stub", "--help"], bare, "python -c pass"),
            "pos-devices --help": ([PY, "-m", "devices.cli", "--help"], bare, "python -c pass"),
            "pos --help": ([PY, "-m", "pos.cli", "--help"], bare, "python -c pass"),
            "pos-backend member balance": (
                [PY, "-m", "backend_stub", "member", "balance", "--card", "9578010000000028",
                 "--actor", "bench"], sqlalchemy, "python -c 'import sqlalchemy.orm'"),
            "pos-backend relogin status": (
                [PY, "-m", "backend_stub", "relogin", "status"], sqlalchemy,
                "python -c 'import sqlalchemy.orm'"),
        }
        return [
            Result(name, _median_seconds(argv, env, runs) * 1000, "ms", limit * 1000,
                   f"{limit_name} (goal < 500 ms)")
            for name, (argv, limit, limit_name) in commands.items()
        ]
