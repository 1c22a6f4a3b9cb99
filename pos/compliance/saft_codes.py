"""Our SAF-T `basics` (basicID → the tax administration's predefined code) in one place.

Why declared centrally: the XSD requires every `eventType` and `lineType` used
in the file to be declared in `<basics>` (key/keyref), and every code must be
from the official lists (event codes 13xxx, transaction codes 11xxx, payment
codes 12xxx, article groups 04xxx). The journal's `SAFT_MAPPING` names the
event codes; this module adds the variants (return/training/void receipts,
manual drawer openings) and the payment, transaction and group codes.
"""

from __future__ import annotations

from pos.domain.groups import group_name
from pos.journal import SAFT_MAPPING, EventType

EVENT_VARIANTS = {
    "RETREC": ("13013", "Return receipt"),
    "TRAINREC": ("13017", "Training receipt"),
    "VOIDREC": ("13028", "Void receipt"),
    "DRAWOPENMAN": ("13005", "Open cash drawer manually"),
}

TRANSACTION_CODES = {"CASHSAL": ("11001", "Cash sale"), "RETURNSAL": ("11006", "Return sale")}

PAYMENT_CODES = {
    "cash": ("CASH", "12001", "Cash"),
    "card": ("DEBCARD", "12002", "Debit card"),
    "coopay": ("COOPAY", "12011", "Coopay (mobile phone app)"),
    "deposit": ("DEPOSIT", "12008", "Bottle deposit"),
}

LINE_TYPES = {"SAL": "Sale line", "RET": "Return line"}

GROUP_CODES = {
    "ol": "04007", "tobakk": "04013", "drikke": "04011", "husholdning": "04014",
    "hygiene": "04014", "legemidler": "04014", "dyremat": "04014", "aviser": "04014",
    "billetter": "04999", "gavekort": "04999", "pant": "04999",
}
"""Product group → article group code; the food groups are 04006 Food."""

VAT_CODES = {25: "3", 15: "31", 12: "33", 0: "5"}
"""Rate → the standard VAT code (SAF-T Financial's list), used as our vatCode."""


def payment_basic_id(kind: str) -> str:
    return PAYMENT_CODES.get(kind, ("OTHERPAY", "12999", kind))[0]


def group_code(group: str) -> str:
    return GROUP_CODES.get(group, "04006")


def vat_code(rate: int) -> str:
    return VAT_CODES.get(rate, "6")


def basics(groups: set[str]) -> list[tuple[str, str, str | None, str]]:
    """Every `<basic>`: (basicType, basicID, predefinedBasicID, basicDesc)."""
    out: dict[str, tuple[str, str, str | None, str]] = {}
    for event, mapping in SAFT_MAPPING.items():
        if mapping.element == "event" and mapping.basic_id and mapping.code:
            out[mapping.basic_id] = ("13", mapping.basic_id, mapping.code, _describe(event))
    for basic_id, (code, desc) in EVENT_VARIANTS.items():
        out[basic_id] = ("13", basic_id, code, desc)
    for basic_id, (code, desc) in TRANSACTION_CODES.items():
        out[basic_id] = ("11", basic_id, code, desc)
    for basic_id, code, desc in PAYMENT_CODES.values():
        out[basic_id] = ("12", basic_id, code, desc)
    out["OTHERPAY"] = ("12", "OTHERPAY", "12999", "Other payment")
    for basic_id, desc in LINE_TYPES.items():
        out[basic_id] = ("05", basic_id, None, desc)
    out["DISCOUNT"] = ("08", "DISCOUNT", None, "Member price or offer")
    for group in sorted(groups):
        out[group] = ("04", group, group_code(group), group_name(group, "en"))
    return list(out.values())


def _describe(event: EventType) -> str:
    return event.value.replace(".", " ").replace("_", " ")
