"""The three command lines answer `--help` without loading the web, database or UI stack.

A tester types `pos-backend --help`, `pos-devices --help`, `pos --help` many times a
day; each used to take 1.6-2.8 s because parsing imported FastAPI, SQLAlchemy and
Textual. Here each parser's `--help` runs in a fresh interpreter and the test reads
`sys.modules` afterwards (what was loaded, not how long it took: timing belongs to
`python -m bench cli`). And `pos-backend` with no command prints its usage instead of
creating an empty `var/backend.sqlite3` in whatever directory it was typed in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("fastapi", "sqlalchemy", "alembic", "uvicorn", "pydantic", "textual", "httpx")

PROBE = """
import sys
from {module} import main
try:
    main({argv!r})
except SystemExit:
    pass
print("LOADED=" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def _env() -> dict[str, str]:
    """No settings from the caller's shell: the commands fall back to their defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.mark.parametrize(("module", "argv"), [
    ("backend_stub.cli", ["--help"]),
    ("backend_stub.cli", ["member", "balance", "--help"]),
    ("devices.cli", ["--help"]),
    ("devices.cli", ["printer", "render", "--help"]),
    ("devices.cli", ["phone", "--help"]),
    ("pos.cli", ["--help"]),
    ("pos.cli", ["journal", "--help"]),
])
def test_help_loads_no_web_database_or_ui_stack(tmp_path, module, argv):
    code = PROBE.format(module=module, argv=argv, heavy=HEAVY)
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_env(),
                            capture_output=True, text=True, timeout=120, check=False)
    assert "usage:" in result.stdout, result.stderr
    loaded = result.stdout.rsplit("LOADED=", 1)[1].strip()
    assert loaded == "", f"{module} {' '.join(argv)} loaded {loaded}"


@pytest.mark.parametrize("argv", [[], ["--dev"], ["membr", "balance"]])
def test_pos_backend_without_a_command_prints_usage_and_creates_nothing(tmp_path, argv):
    result = subprocess.run([sys.executable, "-m", "backend_stub", *argv], cwd=tmp_path,
                            env=_env(), capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "usage: pos-backend" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no var/, no backend.sqlite3
