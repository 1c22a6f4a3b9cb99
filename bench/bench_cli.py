"""Command-line start-up: how long a tester waits for `--help` and a simple command.

Each command runs in a fresh interpreter with bytecode cached (as on a user's
machine after the first run), median of several runs, beside the limits measured
in the same run: `python -c pass` (the interpreter alone) and `python -c "import
sqlalchemy"` (the least a database command must load). The issue's goal is under
0.5 s for `--help` and simple commands; each result's `extra` says whether it was met.
`printer render` decodes a receipt file as text, `--png` also draws it (Pillow).
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
GOAL_MS = 500  # issue 15: `--help` and simple commands answer within half a second


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
        capture = Path(tmp) / "receipt.escpos"
        capture.write_bytes(_receipt_bytes())
        png = str(Path(tmp) / "receipt.png")
        bare = _median_seconds([PY, "-c", "pass"], env, runs)
        sqlalchemy = _median_seconds([PY, "-c", "import sqlalchemy.orm"], env, runs)
        commands = {
            "pos-backend --help": ([PY, "-m", "backend_stub", "--help"], bare, "python -c pass"),
            "pos-devices --help": ([PY, "-m", "devices.cli", "--help"], bare, "python -c pass"),
            "pos-devices phone --help": ([PY, "-m", "devices.cli", "phone", "--help"], bare,
                                         "python -c pass"),
            "pos-devices printer render": ([PY, "-m", "devices.cli", "printer", "render",
                                            str(capture)], bare, "python -c pass"),
            "pos-devices printer render --png": (
                [PY, "-m", "devices.cli", "printer", "render", str(capture), "--png", png],
                bare, "python -c pass"),
            "pos --help": ([PY, "-m", "pos.cli", "--help"], bare, "python -c pass"),
            "pos journal --help": ([PY, "-m", "pos.cli", "journal", "--help"], bare,
                                   "python -c pass"),
            "pos-backend member balance": (
                [PY, "-m", "backend_stub", "member", "balance", "--card", "9578010000000028",
                 "--actor", "bench"], sqlalchemy, "python -c 'import sqlalchemy.orm'"),
            "pos-backend relogin status": (
                [PY, "-m", "backend_stub", "relogin", "status"], sqlalchemy,
                "python -c 'import sqlalchemy.orm'"),
        }
        results = []
        for name, (argv, limit, limit_name) in commands.items():
            ms = _median_seconds(argv, env, runs) * 1000
            results.append(Result(name, ms, "ms", limit * 1000, f"{limit_name} (goal < 500 ms)",
                                  {"goal_ms": GOAL_MS, "within_goal": ms < GOAL_MS}))
        return results


def _receipt_bytes() -> bytes:
    """A receipt as the till prints it: a double-size title, lines, its Code 128."""
    from devices.printer import LARGE_MARK, encode_receipt

    lines = "".join(f"Vare {n:<30} kr {n * 7 % 90 + 10},90\n" for n in range(1, 21))
    return encode_receipt(f"{LARGE_MARK}SALGSKVITTERING\n{lines}TOTALT  kr 1 234,50\n",
                          barcode="R3-0000042")
