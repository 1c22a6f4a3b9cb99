"""Check an export against the shipped SAF-T XSD before anyone relies on it.

Why in the product and not only in the tests: a file the tax administration
rejects is found out months later, at an audit; the till refuses to call an
export done until the file is valid (`--no-validate` skips the check).
"""

from __future__ import annotations

import functools
from pathlib import Path

import xmlschema

from pos.compliance.saft_schema import schema_path
from pos.compliance.texts import T
from pos.domain.texts import DomainError


class SaftInvalid(DomainError):
    """The exported file does not validate against the SAF-T XSD (the reason says where)."""


@functools.cache
def saft_schema() -> xmlschema.XMLSchema:
    """The XSD, loaded once per process (loading it costs more than one validation)."""
    return xmlschema.XMLSchema(str(schema_path()))


def validate_saft(xml_path: Path) -> None:
    """Raise `SaftInvalid` naming the first error, or return when the file is valid."""
    error = next(saft_schema().iter_errors(str(xml_path)), None)
    if error is not None:
        raise SaftInvalid(T("saft_invalid", path=xml_path.name, path_in_file=error.path or "/",
                            reason=error.reason or str(error)))
