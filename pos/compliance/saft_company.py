"""The SAF-T file's parties and frame: addresses, the period, the employees and their roles.

Why apart from the transactions: these are what the official example file
shows around the cash register (`company/streetAddress`, `postalAddress`,
`periods/period`, `employee/employeeRole`, the location's `streetAddress`), and
they come from the store's settings and the logins in the journal.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date

from pos.journal import Entry, EventType

PERIOD_NUMBER = 1
"""One period per export: the date range asked for (`cashtransaction/periodNumber`)."""

DEFAULT_ROLE = "Employee"

_ADDRESS = re.compile(
    r"^\s*(?P<street>.*?\D)\s*(?P<number>\d+\s*[A-Za-z]?)?\s*,\s*(?P<postal>\d{4})\s+(?P<city>.+?)\s*$"
)


def _sub(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def address(parent: ET.Element, tag: str, text: str) -> None:
    """`Storgata 1, 0155 Oslo` as a SAF-T address (the whole text as street when it differs)."""
    element = _sub(parent, tag)
    found = _ADDRESS.match(text)
    if found is None:
        _sub(element, "streetname", text)
    else:
        _sub(element, "streetname", found["street"].strip())
        if found["number"]:
            _sub(element, "number", found["number"].strip())
        _sub(element, "city", found["city"])
        _sub(element, "postalCode", found["postal"])
    _sub(element, "country", "NO")


def periods(company: ET.Element, start: date, end: date) -> None:
    period = _sub(_sub(company, "periods"), "period")
    _sub(period, "periodNumber", PERIOD_NUMBER)
    _sub(period, "periodDesc", f"{start.isoformat()} – {end.isoformat()}")
    _sub(period, "startDatePeriod", start.isoformat())
    _sub(period, "startTimePeriod", "00:00:00")
    _sub(period, "endDatePeriod", end.isoformat())
    _sub(period, "endTimePeriod", "23:59:59")


def employees(company: ET.Element, entries: Iterable[Entry]) -> None:
    """Each operator who appears, with the name and role of their first login."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.operator_id and entry.operator_id not in seen:
            seen[entry.operator_id] = entry
    holder = _sub(company, "employees")
    for operator_id, first in seen.items():
        name = str(first.payload.get("name") or f"Operatør {operator_id}")
        first_name, _, surname = name.rpartition(" ")
        employee = _sub(holder, "employee")
        _sub(employee, "empID", operator_id)
        _sub(employee, "dateOfEntry", first.ts.date().isoformat())
        _sub(employee, "timeOfEntry", first.ts.strftime("%H:%M:%S"))
        if first_name:
            _sub(employee, "firstName", first_name)
        _sub(employee, "surName", surname or name)
        role = _sub(employee, "employeeRole")
        role_type = str(first.payload.get("role") or DEFAULT_ROLE)
        _sub(role, "roleType", role_type)
        _sub(role, "roleTypeDesc", role_type)


def user_id(entries: list[Entry]) -> str | None:
    """Who the file is exported for: the operator of the last login in the range."""
    logins = [e.operator_id for e in entries if e.type is EventType.OPERATOR_LOGIN]
    return logins[-1] if logins else None
