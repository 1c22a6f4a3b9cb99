"""A day at the register through the till engine, then what an auditor does with it.

The day (`pos journal demo-day`, 30 shoppers) is read back independently:
with `sqlite3` for the journal's rows, `xmlschema` for the SAF-T file and the
`cryptography` package for every signature, never through the code under test.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import xmlschema
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from pos.cli import main as pos_main
from pos.compliance.saft import export_saft
from pos.compliance.saft_schema import code_list, schema_path
from pos.tools.demo_day import DaySummary, run_demo_day

XSD = schema_path()  # the copy shipped with the package, never a path on this machine
NS = {"s": "urn:StandardAuditFile-Taxation-CashRegister:NO"}
DAY = date(2024, 5, 2)


@pytest.fixture(scope="module")
def day() -> Iterator[tuple[Path, DaySummary]]:
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="compliance-day-", dir=ram) as tmp:
        path = Path(tmp) / "K3.journal.sqlite"
        summary = run_demo_day(path, sales=30, day=DAY, seed=11)
        yield path, summary


@pytest.fixture(scope="module")
def exported(day, tmp_path_factory) -> tuple[Path, Path]:
    path, _ = day
    return export_saft(path, start=DAY, end=DAY, out_dir=tmp_path_factory.mktemp("saft"))


def _rows(path: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
    finally:
        conn.close()


def _z_payload(path: Path) -> dict:
    (row,) = [r for r in _rows(path) if r["type"] == "report.z"]
    return json.loads(row["payload"])


def test_the_day_has_every_kind_of_event(day):
    _, summary = day
    assert summary.sales >= 20
    assert summary.returns >= 1
    assert summary.training_sales == 3
    assert summary.copies >= 1 and summary.copies_refused >= 1
    assert summary.z_report is not None and summary.z_report.number == 1


def test_z_report_figures_equal_the_sums_of_the_journal(day):
    path, _ = day
    rows = _rows(path)
    report = _z_payload(path)["report"]
    cash = [r for r in rows if r["trans_nr"] is not None]

    def total(kind: str, training: int = 0) -> dict:
        picked = [r for r in cash if r["trans_kind"] == kind and r["training"] == training]
        return {"num": len(picked), "amount_ore": sum(r["amount_in"] for r in picked)}

    assert report["sales"] == total("sale")
    assert report["returns"] == total("return")
    assert report["voids"] == total("void")
    training = [r for r in cash if r["training"] == 1]
    assert report["training"] == {"num": len(training),
                                  "amount_ore": sum(r["amount_in"] for r in training)}
    assert report["net_sales_ore"] == total("sale")["amount_ore"] + total("return")["amount_ore"]
    by_type = {t: sum(1 for r in rows if r["type"] == t) for t in {r["type"] for r in rows}}
    assert report["copies"]["num"] == by_type["receipt.copy_printed"]
    assert report["drawer_openings"] == by_type["drawer.opened"]
    assert report["price_lookups"] == by_type.get("price.lookup", 0)
    manual = sum(1 for r in rows if r["type"] == "drawer.opened"
                 and json.loads(r["payload"]).get("manual"))
    assert report["no_sale_openings"] == manual
    # the breakdowns add up to the same net sales
    assert sum(v["gross_ore"] for v in report["vat"]) == report["net_sales_ore"]
    assert sum(g["amount_ore"] for g in report["groups"].values()) == report["net_sales_ore"]
    assert sum(o["amount_ore"] for o in report["operator_sales"].values()) == \
        report["net_sales_ore"]
    paid = sum(p["amount_ore"] for p in report["payments"].values())
    assert paid == report["net_sales_ore"] + report["cash_rounding_ore"]
    assert report["grand_total_net_ore"] == report["net_sales_ore"]  # the journal's first day


def test_the_export_is_named_as_the_regulation_asks_and_validates_against_the_xsd(exported):
    xml_path, pem_path = exported
    assert re.fullmatch(r"SAF-T Cash Register_999999999_\d{14}\.xml", xml_path.name)
    assert pem_path.name == xml_path.name[:-4] + ".pem"
    xmlschema.XMLSchema(str(XSD)).validate(str(xml_path))


def test_every_signature_in_the_export_verifies_with_the_pem_beside_it(exported, day):
    xml_path, pem_path = exported
    public_key = serialization.load_pem_public_key(pem_path.read_bytes())
    root = ET.parse(xml_path).getroot()
    transactions = root.findall(".//s:cashtransaction", NS)
    cash_rows = [r for r in _rows(day[0]) if r["trans_nr"] is not None]
    assert len(transactions) == len(cash_rows) > 20
    previous = "0"
    for ct in transactions:
        def field(name: str, ct: ET.Element = ct) -> str:
            return ct.find(f"s:{name}", NS).text  # type: ignore[union-attr]

        text = ";".join([previous, field("transDate"), field("transTime"), field("nr"),
                         field("transAmntIn"), field("transAmntEx")])
        signature = field("signature")
        public_key.verify(base64.b64decode(signature), text.encode(),  # raises if wrong
                          padding.PKCS1v15(), hashes.SHA1())
        assert field("keyVersion") == "1"
        previous = signature
    flags = {(ct.find("s:trainingID", NS).text, ct.find("s:voidTransaction", NS).text)
             for ct in transactions}
    assert ("true", "false") in flags  # training transactions are flagged


def _codes(list_id: str) -> set[str]:
    return set(code_list(f"PredefinedBasicID-{list_id}"))


def test_the_export_uses_the_official_codes_and_carries_the_z_report(exported):
    xml_path, _ = exported
    root = ET.parse(xml_path).getroot()
    official = {t: _codes(t) for t in ("04", "11", "12", "13")}
    basics = {b.find("s:basicID", NS).text: (b.find("s:basicType", NS).text,
                                             getattr(b.find("s:predefinedBasicID", NS), "text",
                                                     None))
              for b in root.findall(".//s:basic", NS)}
    for basic_type, code in basics.values():
        if basic_type in official:
            assert code in official[basic_type]
    events = [e.find("s:eventType", NS).text for e in root.findall(".//s:event", NS)]
    for needed in ("POSSTART", "EMPIN", "SALREC", "RETREC", "COPYREC", "TRAINREC",
                   "DRAWOPENMAN", "XREP", "ZREP", "TRAINON", "TRAINOFF"):
        assert needed in events
    z = root.find(".//s:eventReport[s:reportType='Z report']", NS)
    assert z is not None and z.find("s:reportID", NS).text == "Z1"
    assert basics["ZREP"] == ("13", "13009")
    company = root.find("s:company/s:companyIdent", NS)
    assert company is not None and company.text == "999999999"


def test_editing_one_amount_makes_verify_fail_at_that_transaction(day, tmp_path, capsys):
    path, _ = day
    copy = tmp_path / "copy.sqlite"
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("DROP TRIGGER IF EXISTS journal_no_update")
    nr = 7
    target.execute("UPDATE journal SET amount_in = amount_in + 100 WHERE trans_nr = ?", (nr,))
    target.commit()
    target.close()
    assert pos_main(["journal", "verify", "--journal", str(copy), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert f"cash transaction nr {nr}" in err
    assert pos_main(["journal", "verify", "--journal", str(path)]) == 0


def test_card_payments_and_refunds_crossed_the_rig_terminal(day):
    path, _ = day
    rows = _rows(path)
    results = [json.loads(r["payload"]) for r in rows if r["type"] == "payment.terminal_result"]
    assert results and all(re.fullmatch(r"T\d{8}", p["transaction_id"]) for p in results)
    assert all(p["masked_pan"].startswith("************") for p in results)
    printed = sum(1 for r in rows if r["type"] == "receipt.printed")
    completed = sum(1 for r in rows if r["type"] == "sale.completed")
    assert printed == completed  # every sale and return receipt reached the printer
