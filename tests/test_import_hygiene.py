"""Import hygiene: every import, also one inside a function, respects the package's floor.

import-linter (`make lint`) checks the layers on the import graph; this test reads
the source itself, so an import hidden in a function body (the way the old
till/compliance cycle hid) is seen too, and it also imports the engines in a fresh
interpreter to prove that no UI toolkit comes along at run time.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

UI = ("textual", "rich")
ABOVE_DOMAIN = ("pos.journal", "pos.sync", "pos.compliance", "pos.till", "pos.lane",
                "pos.handheld", "pos.faces", "pos.tools", "pos.cli", "pos.demo", "pos.config")
RULES: dict[str, tuple[str, ...]] = {
    "pos/formats": ("pos.domain", *ABOVE_DOMAIN, "pos.data", "devices", "backend_stub",
                    "httpx", "sqlite3", *UI),
    "pos/domain": (*ABOVE_DOMAIN, "devices", "backend_stub", "httpx", "serial", "sqlite3",
                   "sqlalchemy", "fastapi", *UI),
    "pos/journal": ("pos.sync", "pos.compliance", "pos.till", "pos.lane", "pos.handheld",
                    "pos.faces", "pos.tools", "httpx", "devices", *UI),
    "pos/sync": ("pos.compliance", "pos.till", "pos.lane", "pos.handheld", "pos.faces",
                 "pos.tools", "devices", *UI),
    "pos/compliance": ("pos.sync", "pos.till", "pos.lane", "pos.handheld", "pos.faces",
                       "pos.tools", "httpx", "devices", *UI),
    "pos/till": ("pos.lane", "pos.handheld", "pos.faces", "pos.tools", "pos.cli", *UI),
    "pos/lane": ("pos.handheld", "pos.faces", "pos.tools", "pos.cli", *UI),
    "pos/handheld": ("pos.lane", "pos.faces", "pos.tools", "pos.cli", *UI),
    "pos/faces/headless": UI,
    "devices": ("pos", "backend_stub", "httpx", *UI),
    "backend_stub": (*ABOVE_DOMAIN, "pos.domain", "pos.data", "devices", *UI),
}


def imported_names(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    """(line, module name) of every import in `tree`, at any depth (functions, classes, ifs)."""
    found = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return found


def _forbidden(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations(folder: str, prefixes: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT)
        module = ".".join(relative.with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(relative))
        for line, name in imported_names(tree, module):
            if _forbidden(name, prefixes):
                bad.append(f"{relative}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("folder", sorted(RULES))
def test_no_package_imports_above_its_floor(folder):
    assert _violations(folder, RULES[folder]) == []


def test_imports_inside_functions_are_seen():
    source = "def later():\n    from pos.till.till import Till\n    import textual.app\n"
    names = [name for _, name in imported_names(ast.parse(source), "pos.domain.example")]
    assert names == ["pos.till.till", "textual.app"]


def test_the_engines_load_without_a_ui_toolkit():
    """Textual stays out at run time (rich may come: httpx's own command line imports it)."""
    code = ("import sys, pos.till, pos.lane.lane, pos.handheld.handheld, pos.compliance.saft, "
            "pos.sync.worker, pos.faces.headless.driver; "
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'); "
            "print(loaded); sys.exit(1 if loaded else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
