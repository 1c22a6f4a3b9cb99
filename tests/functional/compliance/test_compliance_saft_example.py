"""The export means what the official example file means, element by element.

The example (`ExampleFile_SAF-T_Cash_Register_…xml`, shipped in
`pos/compliance/saft_schema/`) is the reference: its structure must be ours,
and its field meanings are checked here against figures counted independently
from our own file's transactions and events (never through the code under test).
"""

from __future__ import annotations

import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pos.compliance.saft import export_saft
from pos.compliance.saft_schema import example_path
from pos.tools.demo_day import run_demo_day

NS = "{urn:StandardAuditFile-Taxation-CashRegister:NO}"
DAY = date(2024, 5, 2)
NOT_KEPT = {  # in the example, but nothing the till records
    "/auditfile/company/streetAddress/region",
    "/auditfile/company/postalAddress/region",
    "/auditfile/company/location/streetAddress/region",
}


@pytest.fixture(scope="module")
def root() -> Iterator[ET.Element]:
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="saft-example-", dir=ram) as tmp:
        path = Path(tmp) / "K3.journal.sqlite"
        run_demo_day(path, sales=40, day=DAY, seed=5, devices="stand-in")
        xml_path, _ = export_saft(path, start=DAY, end=DAY, out_dir=Path(tmp) / "out")
        yield ET.parse(xml_path).getroot()


def _paths(element: ET.Element, prefix: str = "") -> set[str]:
    here = f"{prefix}/{element.tag.replace(NS, '')}"
    return {here}.union(*(_paths(child, here) for child in element))


def _text(element: ET.Element, path: str) -> str:
    found = element.find(path.replace("s:", NS))
    assert found is not None and found.text is not None, path
    return found.text


def _all(element: ET.Element, path: str) -> list[ET.Element]:
    return element.findall(path.replace("s:", NS))


def _z(root: ET.Element) -> ET.Element:
    reports = _all(root, ".//s:eventReport")
    (report,) = [r for r in reports if _text(r, "s:reportType") == "Z report"]
    return report


def _real(root: ET.Element) -> list[ET.Element]:
    return [ct for ct in _all(root, ".//s:cashtransaction")
            if _text(ct, "s:trainingID") == "false" and _text(ct, "s:voidTransaction") == "false"]


def test_every_element_of_the_example_is_in_the_export(root):
    example = _paths(ET.parse(example_path()).getroot())
    assert example - NOT_KEPT - _paths(root) == set()


def test_header_user_company_and_location_addresses_and_the_period(root):
    assert _text(root, "s:header/s:userID")
    for where in ("s:company/s:streetAddress", "s:company/s:postalAddress",
                  "s:company/s:location/s:streetAddress"):
        assert _text(root, f"{where}/s:streetname") == "Storgata"
        assert _text(root, f"{where}/s:number") == "1"
        assert _text(root, f"{where}/s:postalCode") == "0155"
        assert _text(root, f"{where}/s:city") == "Oslo"
    assert _text(root, "s:company/s:periods/s:period/s:periodNumber") == "1"
    assert _text(root, "s:company/s:periods/s:period/s:startDatePeriod") == DAY.isoformat()
    assert {_text(ct, "s:periodNumber") for ct in _all(root, ".//s:cashtransaction")} == {"1"}
    employees = _all(root, ".//s:employee")
    assert employees and all(_text(e, "s:employeeRole/s:roleType") for e in employees)


def test_art_group_num_is_the_number_of_sales_with_the_group(root):
    expected: Counter[str] = Counter()
    for ct in _real(root):
        sign = -1 if _text(ct, "s:transType") == "RETURNSAL" else 1
        for group in {_text(line, "s:artGroupID") for line in _all(ct, "s:ctLine")
                      if Decimal(_text(line, "s:lineAmntIn")) != 0}:
            expected[group] += sign
    found = {_text(g, "s:artGroupID"): int(Decimal(_text(g, "s:artGroupNum")))
             for g in _all(_z(root), "s:reportArtGroups/s:reportArtGroup")}
    assert found == {g: n for g, n in expected.items() if g in found}
    assert set(found) == set(expected)
    per_employee = _all(_z(root), "s:reportEmpArtGroups/s:reportEmpArtGroup")
    assert sum(int(Decimal(_text(g, "s:artGroupNum"))) for g in per_employee) == \
        sum(found.values())


def test_receipt_num_counts_sale_receipts_and_open_cash_box_counts_openings_without_a_sale(root):
    events = Counter(_text(e, "s:eventType") for e in _all(root, ".//s:event"))
    report = _z(root)
    assert int(_text(report, "s:reportReceiptNum")) == events["SALREC"]
    assert events["RETREC"] and events["TRAINREC"]  # these are not in reportReceiptNum
    assert int(_text(report, "s:reportOpenCashBoxNum")) == events["DRAWOPENMAN"]
    assert events["DRAWOPEN"] > events["DRAWOPENMAN"]  # openings with a sale are not counted


def test_returns_are_positive_in_the_report_with_negative_quantities_on_the_lines(root):
    report = _z(root)
    returns = [ct for ct in _real(root) if _text(ct, "s:transType") == "RETURNSAL"]
    assert returns
    total = -sum(Decimal(_text(ct, "s:transAmntIn")) for ct in returns)
    assert Decimal(_text(report, "s:reportReturnAmnt")) == total > 0
    assert Decimal(_text(report, "s:reportGrandTotalReturn")) == total
    for ct in returns:
        for line in _all(ct, "s:ctLine"):
            assert _text(line, "s:lineType") == "RET"
            assert Decimal(_text(line, "s:qnt")) < 0


def test_price_lookups_and_line_deletions_carry_their_text_and_amounts(root):
    lookups = [e for e in _all(root, ".//s:event") if _text(e, "s:eventType") == "PRICELOOKUP"]
    deletes = [e for e in _all(root, ".//s:event") if _text(e, "s:eventType") == "LINEDELETE"]
    assert lookups and deletes
    for event in lookups:
        assert re.fullmatch(r"artID \d+; artGroupID \S+; lineAmntIn \d+\.\d\d; "
                            r"lineAmntEx \d+\.\d\d", _text(event, "s:eventText"))
    for event in deletes:
        assert re.fullmatch(r"artID \S+; qnt [\d.]+; lineAmntIn -?\d+\.\d\d",
                            _text(event, "s:eventText"))
    inquiries = _all(_z(root), "s:reportPriceInquiries/s:reportPriceInquiry")
    looked_up = sum(Decimal(_text(e, "s:eventText").split("lineAmntIn ")[1].split(";")[0])
                    for e in lookups)
    assert sum(Decimal(_text(i, "s:priceInquiryAmnt")) for i in inquiries) == looked_up > 0
    assert sum(int(_text(i, "s:priceInquiryNum")) for i in inquiries) == len(lookups)


def test_opening_floats_per_employee_and_pay_ins(root):
    report = _z(root)
    floats = _all(report, "s:reportEmpOpeningChangeFloats/s:reportEmpOpeningChangeFloat")
    assert sum(Decimal(_text(f, "s:openingChangeFloatAmnt")) for f in floats) == \
        Decimal(_text(report, "s:reportOpeningChangeFloat"))
    assert _all(report, "s:reportPayIns/s:reportPayIn")
