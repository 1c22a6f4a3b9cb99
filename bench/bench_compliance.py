"""Compliance work on a large journal, beside the bare cost of reading and writing it.

A day is generated through the till engine (`pos journal demo-day`), in RAM
when possible (the disk is not what is measured here). Then, each beside its
bare limit measured in the same run:

- reading the journal back as cash transactions (replaying every sale) vs a raw
  `SELECT` of every row with its JSON payload parsed;
- the X report (read + compute) vs the same raw read;
- the SAF-T export vs writing one bare XML element per journal entry with
  ElementTree (the serialisation floor), and the XSD validation (xmlschema);
- the demo day itself vs the journal's own bare append rate (its durable commits).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import xmlschema

from bench.common import Result
from pos.compliance.ledger import read_ledger
from pos.compliance.reports import compute_report
from pos.compliance.saft import export_saft
from pos.compliance.saft_schema import schema_path
from pos.tools.demo_day import run_demo_day

DAY = date(2024, 5, 2)
XSD = schema_path()  # the copy shipped with the package


def _seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _raw_read(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT * FROM journal ORDER BY seq").fetchall()
        for row in rows:
            json.loads(row[8])
        return len(rows)
    finally:
        conn.close()


def _bare_xml(path: Path, out: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    root = ET.Element("auditfile")
    for seq, ts, kind in conn.execute("SELECT seq, ts, type FROM journal ORDER BY seq"):
        element = ET.SubElement(root, "event")
        ET.SubElement(element, "eventID").text = str(seq)
        ET.SubElement(element, "eventType").text = kind
        ET.SubElement(element, "eventDate").text = ts[:10]
    conn.close()
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)


def run(quick: bool) -> list[Result]:
    sales = 60 if quick else 400
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="bench-compliance-", dir=ram) as tmp:
        path = Path(tmp) / "day.sqlite"
        day_s = _seconds(lambda: run_demo_day(path, sales=sales, day=DAY, seed=3))
        entries = _raw_read(path)
        raw_s = min(_seconds(lambda: _raw_read(path)) for _ in range(3))
        ledger_s = min(_seconds(lambda: read_ledger(path)) for _ in range(3))
        ledger = read_ledger(path)
        report_s = ledger_s + min(
            _seconds(lambda: compute_report(ledger, kind="X", created_at=ledger.entries[-1].ts))
            for _ in range(3))
        out = Path(tmp) / "out"
        saft_s = _seconds(lambda: export_saft(path, start=DAY, end=DAY, out_dir=out,
                                              validate=False))
        bare_s = _seconds(lambda: _bare_xml(path, Path(tmp) / "bare.xml"))
        results = [
            Result("demo day through the till", sales / day_s, "sales/s",
                   extra={"entries": entries, "sales": sales}),
            Result("read journal as cash transactions", entries / ledger_s, "entries/s",
                   entries / raw_s, "raw SELECT + json.loads per row"),
            Result("X report (read + compute)", report_s * 1000, "ms", raw_s * 1000,
                   "raw SELECT + json.loads of the whole journal"),
            Result("SAF-T export", saft_s * 1000, "ms", bare_s * 1000,
                   "raw SELECT + one bare XML element per entry",
                   extra={"transactions": len(ledger.transactions)}),
        ]
        schema = xmlschema.XMLSchema(str(XSD))
        xml_file = next(out.glob("*.xml"))
        results.append(Result("XSD validation of the export (xmlschema)",
                              _seconds(lambda: schema.validate(str(xml_file))) * 1000, "ms",
                              extra={"bytes": xml_file.stat().st_size}))
        return results
