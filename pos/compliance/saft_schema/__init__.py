"""The official SAF-T Cash Register XSD, code lists and example file, shipped as package data.

Why shipped: the till must be able to check what it exports on any machine,
and the tests must run (not skip) on a fresh clone. See SOURCE.md for where the
files come from.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from pathlib import Path

SCHEMA_FILE = "Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd"
EXAMPLE_FILE = "ExampleFile_SAF-T_Cash_Register_999999999_20210330104000.xml"
CODE_LIST_PREFIX = "Norwegian_SAF-T_Cash_Register_data_-_Code_list_-_"


def data_path(name: str) -> Path:
    """A shipped file by name (a real path: the package is installed as files)."""
    path = Path(str(resources.files(__package__).joinpath(name)))
    if not path.is_file():
        raise FileNotFoundError(f"{name} is not shipped with pos.compliance.saft_schema")
    return path


def schema_path() -> Path:
    return data_path(SCHEMA_FILE)


def example_path() -> Path:
    return data_path(EXAMPLE_FILE)


@functools.cache
def code_list(name: str) -> dict[str, str]:
    """A code list by its name ("BasicType", "PredefinedBasicID-13"): code → English text."""
    raw = data_path(f"{CODE_LIST_PREFIX}{name}.csv").read_bytes()
    try:  # the official lists come in UTF-8 and in ISO-8859-1
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    return {row[0].strip(): row[1].strip() for row in rows[1:] if row and row[0].strip()}
