"""SAF-T Cash Register export (XSD v1.00) of a journal over a date range.

    paths = export_saft(journal_path, start=date(…), end=date(…), out_dir=Path("out"))
    # → out/SAF-T Cash Register_<orgnr>_<yyyymmddhhmmss>.xml and the same name .pem

What goes where (see docs/compliance.md): every signed cash transaction
(sales, returns, voids, training) becomes a `cashtransaction` with its lines,
VAT, rounding, payments, `signature` and `keyVersion` exactly as stored, so the
signature chain can be checked from the file alone with the PEM beside it
(transAmntIn/transAmntEx/transDate/transTime/nr are the signed fields);
every other regulated journal event becomes an `event` with its code, X/Z
reports with the `eventReport` built from the figures the report journaled.
Member data never goes into the file (the backend holds it). `transID` is the
sale id without dashes (the XSD allows 35 characters; a UUID has 36).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

from pos.compliance.ledger import Ledger, LedgerTransaction, read_ledger
from pos.compliance.saft_codes import basics, group_code, payment_basic_id, vat_code
from pos.compliance.saft_company import PERIOD_NUMBER, address, employees, periods, user_id
from pos.compliance.saft_events import event_text, quantity
from pos.compliance.saft_report import event_report
from pos.compliance.saft_schema import SCHEMA_FILE
from pos.compliance.saft_validate import validate_saft
from pos.domain.clock import OSLO
from pos.domain.money import two_decimals
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.journal import SAFT_MAPPING, Entry, EventType, TransactionKind
from pos.journal.db import Database
from pos.journal.keys import recorded_public_keys

NAMESPACE = "urn:StandardAuditFile-Taxation-CashRegister:NO"
SOFTWARE_VERSION = "0.1.0"


def _sub(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _fields(parent: ET.Element, *pairs: tuple[str, object | None]) -> None:
    for tag, text in pairs:
        if text is not None:
            _sub(parent, tag, text)


def trans_id(sale_id: str) -> str:
    return sale_id.replace("-", "")[:35]


def export_name(org_number: str, created: datetime) -> str:
    return f"SAF-T Cash Register_{org_number}_{created:%Y%m%d%H%M%S}"


def export_saft(journal_path: str | Path, *, start: date, end: date, out_dir: str | Path,
                settings: StoreSettings = DEFAULT_SETTINGS,
                created: datetime | None = None, unverified: str | None = None,
                validate: bool = True) -> tuple[Path, Path]:
    """Write the XML and the PEM public key(s) beside it; returns (xml path, pem path).

    `unverified` (why the journal did not verify) marks the file in its header
    comment; `validate` checks the file against the shipped XSD (`SaftInvalid`).
    The caller verifies the journal first (`pos journal export-saft` does).
    """
    created = (created or datetime.now(OSLO)).astimezone(OSLO)
    ledger = read_ledger(journal_path, settings)
    with Database.open(journal_path, readonly=True) as db:
        pems = recorded_public_keys(db)
    root = build_auditfile(ledger, start=start, end=end, settings=settings, created=created,
                           unverified=unverified)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = export_name(settings.org_number, created)
    xml_path, pem_path = out / f"{name}.xml", out / f"{name}.pem"
    ET.indent(root, space="\t")
    ET.ElementTree(root).write(xml_path, encoding="UTF-8", xml_declaration=True)
    pem_path.write_text("".join(pems.values()), encoding="ascii")
    if validate:
        validate_saft(xml_path)
    return xml_path, pem_path


def _in_range(moment: datetime, start: date, end: date) -> bool:
    return start <= moment.astimezone(OSLO).date() <= end


def build_auditfile(ledger: Ledger, *, start: date, end: date, settings: StoreSettings,
                    created: datetime, unverified: str | None = None) -> ET.Element:
    entries = [e for e in ledger.entries if _in_range(e.ts, start, end)]
    transactions = [t for t in ledger.transactions if _in_range(t.ts, start, end)]
    root = ET.Element("auditfile", {"xmlns": NAMESPACE})
    header = _sub(root, "header")
    _fields(header, ("fiscalYear", start.year), ("startDate", start.isoformat()),
            ("endDate", end.isoformat()), ("curCode", "NOK"),
            ("dateCreated", created.date().isoformat()),
            ("timeCreated", created.strftime("%H:%M:%S")),
            ("softwareDesc", "Coop kassesimulator (pos)"), ("softwareVersion", SOFTWARE_VERSION),
            ("softwareCompanyName", settings.company_name), ("auditfileVersion", "1.00"),
            ("headerComment", _header_comment(ledger, unverified)),
            ("userID", user_id(entries)))
    company = _sub(root, "company")
    _fields(company, ("companyIdent", settings.org_number),
            ("companyName", settings.company_name), ("taxRegistrationCountry", "NO"),
            ("taxRegIdent", f"{settings.org_number}MVA"))
    address(company, "streetAddress", settings.store_address)  # the demo company's seat
    address(company, "postalAddress", settings.store_address)
    _vat_details(company, start)
    periods(company, start, end)
    employees(company, entries)
    groups = _articles(company, transactions, start)
    basics_el = _sub(company, "basics")
    for basic_type, basic_id, predefined, desc in basics(groups):
        basic = _sub(basics_el, "basic")
        _fields(basic, ("basicType", basic_type), ("basicID", basic_id),
                ("predefinedBasicID", predefined), ("basicDesc", desc))
    location = _sub(company, "location")
    _sub(location, "name", settings.store_name)
    address(location, "streetAddress", settings.store_address)
    register = _sub(location, "cashregister")
    _sub(register, "registerID", ledger.register_id)
    _sub(register, "regDesc", f"Kasse {ledger.register_id}, butikk {ledger.store_id}")
    by_sale = {t.sale_id: t for t in ledger.transactions}
    for entry in entries:
        _event(register, entry, by_sale, settings)
    for tx in transactions:
        _cash_transaction(register, tx)
    return root


def _header_comment(ledger: Ledger, unverified: str | None) -> str:
    comment = f"Register {ledger.register_id}, store {ledger.store_id}"
    if unverified:
        comment = f"UNVERIFIED JOURNAL (exported with --force): {unverified} {comment}"
    return comment[:999]  # String999 in the XSD


def _vat_details(company: ET.Element, start: date) -> None:
    details = _sub(company, "vatCodeDetails")
    for rate in (0, 12, 15, 25):
        detail = _sub(details, "vatCodeDetail")
        _fields(detail, ("vatCode", vat_code(rate)), ("dateOfEntry", start.isoformat()),
                ("vatDesc", f"MVA {rate} %"), ("standardVatCode", vat_code(rate)))


def _articles(company: ET.Element, transactions: list[LedgerTransaction],
              start: date) -> set[str]:
    articles = _sub(company, "articles")
    seen: set[str] = set()
    groups: set[str] = set()
    for tx in transactions:
        for line in tx.lines:
            groups.add(line.group)
            if line.art_id in seen:
                continue
            seen.add(line.art_id)
            article = _sub(articles, "article")
            _fields(article, ("artID", line.art_id), ("dateOfEntry", start.isoformat()),
                    ("artGroupID", line.group), ("artDesc", line.description or line.art_id))
    return groups


def _event_type(entry: Entry, by_sale: dict[str, LedgerTransaction]) -> str | None:
    mapping = SAFT_MAPPING[entry.type]
    if mapping.element != "event":
        return None
    if entry.type is EventType.RECEIPT_PRINTED:
        tx = by_sale.get(entry.sale_id or "")
        if tx is not None and tx.training:
            return "TRAINREC"
        if tx is not None and tx.kind is TransactionKind.RETURN:
            return "RETREC"
        if tx is not None and tx.kind is TransactionKind.VOID:
            return "VOIDREC"
    if entry.type is EventType.DRAWER_OPENED and entry.payload.get("manual"):
        return "DRAWOPENMAN"
    return mapping.basic_id


def _event(register: ET.Element, entry: Entry, by_sale: dict[str, LedgerTransaction],
           settings: StoreSettings) -> None:
    basic_id = _event_type(entry, by_sale)
    if basic_id is None:
        return
    event = _sub(register, "event")
    _fields(event, ("eventID", entry.seq), ("eventType", basic_id),
            ("transID", trans_id(entry.sale_id) if entry.sale_id else None),
            ("empID", entry.operator_id), ("eventDate", entry.ts.date().isoformat()),
            ("eventTime", entry.ts.strftime("%H:%M:%S")),
            ("eventText", event_text(entry, by_sale.get(entry.sale_id or ""))))
    if entry.type in (EventType.REPORT_X, EventType.REPORT_Z):
        event_report(event, entry, settings)


def _cash_transaction(register: ET.Element, tx: LedgerTransaction) -> None:
    assert tx.entry.cash is not None
    ct = _sub(register, "cashtransaction")
    returned = tx.kind is TransactionKind.RETURN
    amnt_tp = "D" if returned else "C"
    _fields(ct, ("nr", tx.nr), ("transID", trans_id(tx.sale_id)),
            ("transType", "RETURNSAL" if returned else "CASHSAL"),
            ("transAmntIn", two_decimals(tx.amount_in)),
            ("transAmntEx", two_decimals(tx.amount_ex)), ("amntTp", amnt_tp),
            ("empID", tx.operator_id or None), ("periodNumber", PERIOD_NUMBER),
            ("transDate", tx.ts.date().isoformat()),
            ("transTime", tx.ts.strftime("%H:%M:%S")),
            ("refID", f"receipt {tx.return_of}" if tx.return_of is not None else None))
    for line in tx.lines:
        ct_line = _sub(ct, "ctLine")
        _fields(ct_line, ("nr", tx.nr), ("lineID", line.line_id),
                ("lineType", "RET" if line.returned else "SAL"), ("artGroupID", line.group),
                ("artID", line.art_id), ("qnt", quantity(line)),
                ("lineAmntIn", two_decimals(0 if line.voided else line.amount_in)),
                ("lineAmntEx", two_decimals(0 if line.voided else line.amount_ex)),
                ("amntTp", amnt_tp), ("empID", tx.operator_id or None),
                ("cashTransLineDescr", ("ANNULLERT: " if line.voided else "")
                 + line.description or None),
                ("lineDate", (line.at or tx.ts).date().isoformat()),
                ("lineTime", (line.at or tx.ts).strftime("%H:%M:%S")))
        vat = _sub(ct_line, "vat")
        _fields(vat, ("vatCode", vat_code(line.vat_rate)), ("vatPerc", f"{line.vat_rate}.00"),
                ("vatAmnt", two_decimals(0 if line.voided else line.vat_ore)),
                ("vatAmntTp", amnt_tp),
                ("vatBasAmnt", two_decimals(0 if line.voided else line.amount_ex)))
        if line.discount_ore > 0 and not line.voided:
            discount = _sub(ct_line, "discount")
            _fields(discount, ("dscTp", "DISCOUNT"), ("dscAmnt", two_decimals(line.discount_ore)))
    for v in tx.vat:
        vat = _sub(ct, "vat")
        _fields(vat, ("vatCode", vat_code(v.rate)), ("vatPerc", f"{v.rate}.00"),
                ("vatAmnt", two_decimals(v.vat_ore)), ("vatAmntTp", amnt_tp),
                ("vatBasAmnt", two_decimals(v.net_ore)))
    _sub(_sub(ct, "rounding"), "roundingAmnt", two_decimals(tx.rounding_ore))
    for payment in tx.payments:
        pay = _sub(ct, "payment")
        _fields(pay, ("paymentType", payment_basic_id(payment.kind)),
                ("paidAmnt", two_decimals(payment.amount_ore)),
                ("empID", tx.operator_id or None), ("curCode", "NOK"), ("exchRt", "1.000000"),
                ("paymentRefID", payment.reference or None))
    _fields(ct, ("signature", tx.entry.cash.signature), ("keyVersion", tx.entry.cash.key_version),
            ("receiptNum", min(tx.receipts, 999)), ("receiptCopyNum", min(tx.copies, 999)),
            ("receiptProformaNum", 0), ("receiptDeliveryNum", 0),
            ("voidTransaction", "true" if tx.kind is TransactionKind.VOID else "false"),
            ("trainingID", "true" if tx.training else "false"))


__all__ = ["SCHEMA_FILE", "build_auditfile", "export_name", "export_saft", "group_code"]
