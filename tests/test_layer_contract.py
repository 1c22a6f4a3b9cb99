"""The `layers` contract bites: a back-import planted in a copy of the tree breaks `lint-imports`.

`make lint` runs the contracts on the real tree; this proves once that they are not
vacuous: the domain importing the till engine (a floor pointing up) must fail and
name the planted line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    return found or "lint-imports"


def test_a_planted_back_import_breaks_the_layers_contract(tmp_path):
    for package in ("pos", "devices", "backend_stub"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.gz"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "pos" / "domain" / "planted.py").write_text(
        '"""A back-import: the domain reaching up into the till engine."""\n\n'
        "import pos.till\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([_lint_imports(), "--no-cache"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "pos.domain.planted -> pos.till" in output, output
    assert "run one way" in output and "BROKEN" in output, output
