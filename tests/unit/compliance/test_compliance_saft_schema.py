"""The official SAF-T files ship with the package, and the product validates with them.

Before, the tests read the XSD and code lists from one machine's absolute path and
skipped everywhere else, and the product could not check what it exported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pos.compliance
from pos.compliance import saft_schema
from pos.compliance.saft_validate import SaftInvalid, validate_saft


def test_the_files_are_package_data_inside_the_package():
    package = Path(pos.compliance.__file__).parent
    for path in (saft_schema.schema_path(), saft_schema.example_path()):
        assert path.is_file() and package in path.parents


def test_the_code_lists_read_in_both_of_their_encodings():
    events = saft_schema.code_list("PredefinedBasicID-13")  # UTF-8
    groups = saft_schema.code_list("PredefinedBasicID-04")  # ISO-8859-1
    assert events["13009"] and "13005" in events
    assert groups["04006"] and len(groups) > 10


def test_the_official_example_validates():
    validate_saft(saft_schema.example_path())


def test_an_invalid_file_is_refused_naming_where(tmp_path):
    text = saft_schema.example_path().read_text(encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("<curCode>NOK</curCode>", "", 1), encoding="utf-8")
    with pytest.raises(SaftInvalid) as refused:
        validate_saft(broken)
    assert "broken.xml" in refused.value.message("en")
    assert "does not validate" in refused.value.message("en")
    assert "er ikke gyldig" in refused.value.message("nb")
