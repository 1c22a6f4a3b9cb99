"""The SAF-T `eventReport` of an X or Z report, from the figures the report journaled.

Why from the journaled payload and not recomputed: the file must show what
was printed on the day; a reader can recompute it from the cash transactions
in the same file and compare.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from pos.compliance.saft_codes import payment_basic_id, vat_code
from pos.domain.money import two_decimals
from pos.domain.settings import StoreSettings
from pos.journal import Entry, EventType


def _add(parent: ET.Element, tag: str, text: object) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = str(text)
    return element


def _rows(parent: ET.Element, wrapper: str, row: str,
          items: list[tuple[tuple[str, object], ...]]) -> None:
    """A list element the XSD wants at least one row in (a zero row when there is none)."""
    holder = ET.SubElement(parent, wrapper)
    for fields in items:
        element = ET.SubElement(holder, row)
        for tag, text in fields:
            _add(element, tag, text)


def _counted(data: Mapping[str, Any], key: str) -> tuple[int, int]:
    value = data.get(key) or {}
    return int(value.get("num", 0)), int(value.get("amount_ore", 0))


def event_report(event: ET.Element, entry: Entry, settings: StoreSettings) -> None:
    data: Mapping[str, Any] = entry.payload.get("report") or {}
    z = entry.type is EventType.REPORT_Z
    report = ET.SubElement(event, "eventReport")
    _add(report, "reportID", f"Z{entry.payload.get('number')}" if z else f"X{entry.seq}")
    _add(report, "reportType", "Z report" if z else "X report")
    _add(report, "companyIdent", settings.org_number)
    _add(report, "companyName", settings.company_name)
    _add(report, "reportDate", entry.ts.date().isoformat())
    _add(report, "reportTime", entry.ts.strftime("%H:%M:%S"))
    _add(report, "registerID", entry.register_id)
    total = ET.SubElement(report, "reportTotalCashSales")
    _add(total, "totalCashSaleAmnt", two_decimals(int(data.get("net_sales_ore", 0))))
    groups = data.get("groups") or {}
    _rows(report, "reportArtGroups", "reportArtGroup", [
        (("artGroupID", g), ("artGroupNum", c["num"]),
         ("artGroupAmnt", two_decimals(c["amount_ore"]))) for g, c in sorted(groups.items())
    ] or [(("artGroupID", "none"), ("artGroupNum", 0), ("artGroupAmnt", "0.00"))])
    emp_groups = data.get("operator_groups") or {}
    emp_group_rows = [(("empID", e), ("artGroupID", g), ("artGroupNum", c["num"]),
                       ("artGroupAmnt", two_decimals(c["amount_ore"])))
                      for e, by_group in sorted(emp_groups.items()) if e
                      for g, c in sorted(by_group.items())]
    if emp_group_rows:
        _rows(report, "reportEmpArtGroups", "reportEmpArtGroup", emp_group_rows)
    payments = data.get("payments") or {}
    _rows(report, "reportPayments", "reportPayment", [
        (("paymentType", payment_basic_id(k)), ("paymentNum", c["num"]),
         ("paymentAmnt", two_decimals(c["amount_ore"]))) for k, c in sorted(payments.items())
    ] or [(("paymentType", "CASH"), ("paymentNum", 0), ("paymentAmnt", "0.00"))])
    emp = data.get("operator_payments") or {}
    rows = [(("empID", e), ("paymentType", payment_basic_id(k)), ("paymentNum", c["num"]),
             ("paymentAmnt", two_decimals(c["amount_ore"])))
            for e, by_kind in sorted(emp.items()) if e for k, c in sorted(by_kind.items())]
    if rows:
        _rows(report, "reportEmpPayments", "reportEmpPayment", rows)
    vat = data.get("vat") or []
    _rows(report, "reportCashSalesVat", "reportCashSaleVat", [
        (("vatCode", vat_code(v["rate"])), ("vatPerc", f"{v['rate']}.00"),
         ("cashSaleAmnt", two_decimals(v["net_ore"])), ("vatAmnt", two_decimals(v["vat_ore"])),
         ("vatAmntTp", "C")) for v in vat
    ] or [(("vatPerc", "0.00"), ("cashSaleAmnt", "0.00"), ("vatAmnt", "0.00"))])
    _add(report, "reportOpeningChangeFloat", two_decimals(int(data.get("opening_float_ore", 0))))
    floats = data.get("operator_floats") or {}
    if floats:
        _rows(report, "reportEmpOpeningChangeFloats", "reportEmpOpeningChangeFloat", [
            (("empID", e or "-"), ("openingChangeFloatAmnt", two_decimals(int(amount))))
            for e, amount in sorted(floats.items())])
    _add(report, "reportReceiptNum",  # receipts of sales only, as in the official example
         int(data.get("sale_receipts_printed", data.get("receipts_printed", 0))))
    _add(report, "reportOpenCashBoxNum",  # openings without a sale
         int(data.get("no_sale_openings", 0)))
    for tag, key in (("reportReceiptCopy", "copies"), ("reportReceiptProforma", "provisional"),
                     ("reportReturn", "returns"), ("reportDiscount", "discounts"),
                     ("reportVoidTrans", "voids")):
        num, amount = _counted(data, key)
        _add(report, f"{tag}Num", num)
        _add(report, f"{tag}Amnt", two_decimals(abs(amount)))  # the example: returns positive
    num, amount = _counted(data, "corrected_lines")
    _rows(report, "reportCorrLines", "reportCorrLine",
          [(("corrLineType", "Delete line"), ("corrLineNum", num),
            ("corrLineAmnt", two_decimals(amount)))])
    inquiries = data.get("price_inquiries") or {}
    _rows(report, "reportPriceInquiries", "reportPriceInquiry", [
        (("priceInquiryGroup", g), ("priceInquiryNum", c["num"]),
         ("priceInquiryAmnt", two_decimals(c["amount_ore"]))) for g, c in sorted(inquiries.items())
    ] or [(("priceInquiryGroup", "None"), ("priceInquiryNum", 0), ("priceInquiryAmnt", "0.00"))])
    difference = data.get("cash_difference_ore")
    _rows(report, "reportOtherCorrs", "reportOtherCorr",
          [(("otherCorrType", "CASHDIFF"), ("otherCorrNum", 0 if difference is None else 1),
            ("otherCorrAmnt", two_decimals(int(difference or 0))))])
    _add(report, "reportReceiptDeliveryNum", 0)
    _add(report, "reportReceiptDeliveryAmnt", "0.00")
    num, amount = _counted(data, "training")
    _add(report, "reportTrainingNum", num)
    _add(report, "reportTrainingAmnt", two_decimals(amount))
    for wrapper, prefix in (("reportCreditSales", "creditSales"),
                            ("reportCreditMemos", "creditMemos")):  # the till sells no credit
        holder = ET.SubElement(report, wrapper)
        _add(holder, f"{prefix}Num", 0)
        _add(holder, f"{prefix}Amnt", "0.00")
    _rows(report, "reportPayIns", "reportPayIn",  # the till takes no cash in besides sales
          [(("payInType", "None"), ("payInNum", 0), ("payInAmnt", "0.00"))])
    num, amount = _counted(data, "withdrawals")
    _rows(report, "reportPayOuts", "reportPayOut",
          [(("payOutType", "CASHWITHDRAW" if num else "None"), ("payOutNum", num),
            ("payOutAmnt", two_decimals(amount)))])
    _add(report, "reportGrandTotalSales", two_decimals(int(data.get("grand_total_sales_ore", 0))))
    _add(report, "reportGrandTotalReturn",
         two_decimals(abs(int(data.get("grand_total_returns_ore", 0)))))
    _add(report, "reportGrandTotalSalesNet",
         two_decimals(int(data.get("grand_total_net_ore", 0))))
