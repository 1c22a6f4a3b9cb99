"""One text system: every word a person reads comes from a keyed nb/en catalogue.

Each package that speaks to people keeps a `texts.toml` beside its code (read
through `pos.domain.texts.catalogue`). These tests read the catalogues and the
source the way a reviewer would: every key has bokmål and English with the same
placeholders, every key the code asks for exists, no key sits unused, no
English leaks into the bokmål, and no inline `Text("nb", "en")` pair is left.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from pathlib import Path

import pytest

from pos.domain.texts import check_entry

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted((ROOT / "pos").rglob("texts.toml"))
ENGLISH = re.compile(r"\b(the|and|is|are|not|with|please|your|was|has|cannot|must|only|"
                     r"scan|payment|receipt|member|item|items|card)\b", re.IGNORECASE)
SAME_IN_BOTH = re.compile(
    r"^[\W\d_]*(Coopay|Coop ShopExpress|ShopExpress|Bonus|OK|PIN|PLU|GTIN|Ref|pos journal)?"
    r"[\W\d_]*$"
)
"""Entries that may read the same in both languages (names, codes, symbols)."""


def _package(toml: Path) -> str:
    return ".".join(toml.parent.relative_to(ROOT).parts)


def _entries(toml: Path) -> dict[str, dict[str, str]]:
    return tomllib.loads(toml.read_text(encoding="utf-8"))


def _sources(toml: Path) -> list[Path]:
    """The package's own modules (subpackages with a catalogue of their own excluded)."""
    own = []
    for path in toml.parent.rglob("*.py"):
        nearest = next(p for p in [path.parent, *path.parent.parents]
                       if (p / "texts.toml").exists() or p == ROOT)
        if nearest == toml.parent:
            own.append(path)
    return own


def _keys_asked_for(path: Path) -> set[str]:
    """String keys passed as the first argument of `T(...)` (both arms of an if-expression)."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "T" and node.args:
            keys |= {c.value for c in ast.walk(node.args[0])
                     if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return keys


def _strings_in(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 5, CATALOGUES


@pytest.mark.parametrize("toml", CATALOGUES, ids=_package)
def test_every_entry_has_both_languages_with_the_same_placeholders(toml):
    for key, entry in _entries(toml).items():
        check_entry(key, entry)


@pytest.mark.parametrize("toml", CATALOGUES, ids=_package)
def test_the_catalogue_loads_through_its_package(toml):
    module = importlib.import_module(_package(toml) + ".texts")
    maker = module.T
    assert set(maker.keys()) == set(_entries(toml))


@pytest.mark.parametrize("toml", CATALOGUES, ids=_package)
def test_every_key_the_code_asks_for_exists_and_none_is_unused(toml):
    entries = _entries(toml)
    sources = _sources(toml)
    asked = set().union(*(_keys_asked_for(path) for path in sources))
    assert sorted(asked - set(entries)) == []
    assert sorted(set(entries) - _strings_in(sources)) == []


@pytest.mark.parametrize("toml", CATALOGUES, ids=_package)
def test_no_english_in_the_bokmal(toml):
    leaks = {}
    for key, entry in _entries(toml).items():
        nb, en = entry["nb"], entry["en"]
        words = re.sub(r"\{[^}]*\}", " ", nb)
        if ENGLISH.search(words) or (nb == en and not SAME_IN_BOTH.match(words)):
            leaks[key] = nb
    assert leaks == {}


def test_no_inline_text_pairs_are_left():
    """`Text("nb", "en")` is gone; words from outside are `Text.literal(nb, en)`."""
    pairs = []
    for path in sorted((ROOT / "pos").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id == "Text" and len(node.args) == 2:
                pairs.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert pairs == []
