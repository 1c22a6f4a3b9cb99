"""The receipt as fixed-width plain text (42 columns by default), in bokmål or English.

One renderer for the screen, the printer port and tests: plain text with
amounts right-aligned. Norwegian words stay where the rules name them
("MVA", "KOPI", "TRENINGSKVITTERING – ikke gyldig kjøpskvittering",
"Returkvittering") in both languages, because an inspector reads them.

The title comes first and larger than the amounts (§2-8-4): `render_receipt`
marks title lines ("SALGSKVITTERING", "KOPI", "TRENINGSKVITTERING") with
`LARGE_MARK`, which the printer driver turns into double height and width
(ESC/POS `GS ! 0x11`); `screen_text` turns them into centred plain lines for
the screen. A training receipt has no "SALGSKVITTERING" anywhere, so it cannot
pass for one.
"""

from __future__ import annotations

import textwrap

from pos.domain.lines import LineKind
from pos.domain.money import format_amount, format_money
from pos.domain.receipt import Receipt, ReceiptKind, ReceiptLine
from pos.domain.tender import TENDER_NAMES
from pos.domain.texts import T

TRAINING = "TRENINGSKVITTERING – ikke gyldig kjøpskvittering"
TRAINING_TITLE, _, TRAINING_NOTICE = TRAINING.partition(" – ")
COPY = "KOPI"
LARGE_MARK = "\x0e"
"""Starts a title line: the printer prints it double-size (the driver's `LARGE_MARK`)."""

_T = {
    "sale": T("sales_receipt"),
    "return": T("return_receipt"),
    "number": T("receipt_no"),
    "date": T("date"),
    "register": T("register"),
    "operator": T("operator"),
    "voided": T("voided"),
    "member_price": T("member_price"),
    "total": T("total"),
    "rounding": T("cash_rounding"),
    "to_pay": T("to_pay"),
    "change": T("change"),
    "ref": T("ref"),
    "vat_head": T("vat_rate"),
    "vat_net": T("net"),
    "vat": T("vat"),
    "vat_gross": T("gross"),
    "deposit": T("of_which_deposit"),
    "slips": T("deposit_refunded"),
    "member": T("member"),
    "dividend": T("purchase_dividend_estimate"),
    "dividend_earned": T("purchase_dividend_earned"),
    "bonus": T("bonus_earned"),
    "earnings_later": T("earnings_registered_later"),
    "org": T("org_no"),
    "thanks": T("thank_shopping_us"),
}


def _t(key: str, lang: str) -> str:
    return _T[key].get(lang)


def _row(left: str, right: str, width: int) -> str:
    """`left` and `right` on one line, `left` shortened with … if they do not fit."""
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: max(0, room - 1)] + "…"
    return f"{left}{' ' * (width - len(left) - len(right))}{right}"


def _center(text: str, width: int) -> list[str]:
    return [part.center(width).rstrip() for part in textwrap.wrap(text, width) or [""]]


def _large(text: str, width: int) -> list[str]:
    """A title, wrapped to what fits in double width, each line marked for the printer."""
    return [LARGE_MARK + part for part in textwrap.wrap(text, max(1, width // 2)) or [""]]


def screen_text(text: str, width: int = 42) -> str:
    """Printer text for the screen: marked title lines become centred plain lines."""
    return "\n".join(
        line[len(LARGE_MARK):].center(width).rstrip() if line.startswith(LARGE_MARK) else line
        for line in text.split("\n")
    )


def _titles(receipt: Receipt, lang: str, width: int) -> list[str]:
    """The receipt's title block: what kind of receipt this is, before anything else."""
    returned = receipt.kind is ReceiptKind.RETURN
    if receipt.training:
        out = _large(TRAINING_TITLE, width) + _center(TRAINING_NOTICE.upper(), width)
        if returned:
            out += _center(_t("return", lang), width)
    else:
        out = _large(_t("return" if returned else "sale", lang), width)
    if receipt.copy:
        out += _large(COPY, width)
    return out


def _line_rows(line: ReceiptLine, lang: str, width: int) -> list[str]:
    amount = format_amount(line.amount_ore, lang)
    text = line.description
    if line.voided:
        return [_row(_t("voided", lang) + text, f"({amount})", width)]
    rows = [_row(text, amount, width)]
    if line.weight_g is not None:
        kg = f"{line.weight_g / 1000:.3f}".replace(".", "," if lang == "nb" else ".")
        rows.append(f"  {kg} kg x {format_amount(line.unit_price_ore, lang)}/kg")
    elif line.quantity != 1:
        rows.append(f"  {line.quantity} x {format_amount(line.unit_price_ore, lang)}")
    if line.member_discount_ore:
        rows.append(_row("  " + _t("member_price", lang).strip(),
                         format_amount(-line.member_discount_ore, lang), width))
    return rows


def render_receipt(receipt: Receipt, lang: str = "nb", width: int = 42) -> str:
    """The receipt as sent to the printer (titles marked large; `screen_text` for screens)."""
    rule, double = "-" * width, "=" * width
    out = _titles(receipt, lang, width)
    for text in (receipt.store_name, receipt.store_address, receipt.company_name,
                 f"{_t('org', lang)} {receipt.org_number_text}"):
        out += _center(text, width)
    out.append(double)
    flags = [COPY] if receipt.copy else []
    flags += [TRAINING] if receipt.training else []
    out.append(_t("number", lang) + f" {receipt.receipt_number}")
    out.append(f"{_t('date', lang)} {receipt.issued_at:%d.%m.%Y %H:%M:%S}")
    out.append(_row(f"{_t('register', lang)} {receipt.register_id}",
                    f"{_t('operator', lang)} {receipt.operator}", width))
    out.append(rule)
    for line in receipt.lines:
        out += _line_rows(line, lang, width)
    for offer in receipt.offers:
        out.append(_row(offer.label.get(lang), format_amount(-offer.discount_ore, lang), width))
    out.append(rule)
    out.append(_row(_t("total", lang), format_money(receipt.total_ore, lang), width))
    if receipt.rounding_ore:
        out.append(_row(_t("rounding", lang), format_amount(receipt.rounding_ore, lang), width))
        out.append(_row(_t("to_pay", lang), format_money(receipt.to_pay_ore, lang), width))
    out += _deposit_rows(receipt, lang, width)
    out.append(rule)
    out += _tender_rows(receipt, lang, width)
    out.append(rule)
    out += _vat_rows(receipt, lang, width)
    if receipt.member_masked:
        out.append(rule)
        role = receipt.member_role.get(lang) if receipt.member_role else ""
        member = f"{_t('member', lang)} {receipt.member_masked}"
        if len(f"{member} ({role})") <= width:
            out.append(f"{member} ({role})")
        else:  # the role on a line of its own rather than cut mid-phrase
            out += [member, *textwrap.wrap(f"({role})", width)]
        out += _earnings_rows(receipt, lang, width)
    out.append(double)
    for flag in flags:
        out += _center(flag, width)
    out += _center(_t("thanks", lang), width)
    return "\n".join(out) + "\n"


def _earnings_rows(receipt: Receipt, lang: str, width: int) -> list[str]:
    """What the purchase earned: as credited when the backend answered in time, else the
    dividend estimate and that it is registered on the member account later."""
    earned = receipt.earned
    if earned is not None:  # a bonus line only when there is a bonus (most purchases: none)
        bonus = ([_row(_t("bonus", lang), format_money(earned.bonus_ore, lang), width)]
                 if earned.bonus_ore else [])
        return [*bonus, _row(_t("dividend_earned", lang),
                             format_money(earned.dividend_ore, lang), width)]
    rows = []
    if receipt.dividend_preview_ore is not None:
        rows.append(_row(_t("dividend", lang),
                         format_money(receipt.dividend_preview_ore, lang), width))
    if receipt.kind is ReceiptKind.SALE and not receipt.training:
        rows += textwrap.wrap(_t("earnings_later", lang), width)
    return rows


def _deposit_rows(receipt: Receipt, lang: str, width: int) -> list[str]:
    live = [line for line in receipt.lines if not line.voided]
    deposit = sum(line.amount_ore for line in live if line.kind is LineKind.DEPOSIT)
    slips = sum(line.amount_ore for line in live if line.kind is LineKind.DEPOSIT_SLIP)
    rows = []
    if deposit:
        rows.append(_row(_t("deposit", lang), format_amount(deposit, lang), width))
    if slips:
        rows.append(_row(_t("slips", lang), format_amount(slips, lang), width))
    return rows


def _tender_rows(receipt: Receipt, lang: str, width: int) -> list[str]:
    rows = []
    for tender in receipt.tenders:
        rows.append(_row(TENDER_NAMES[tender.kind].get(lang),
                         format_amount(tender.amount_ore, lang), width))
        if tender.reference or tender.masked_card:
            rows.append(f"  {_t('ref', lang)} {tender.reference} {tender.masked_card}".rstrip())
    if receipt.change_ore:
        rows.append(_row(_t("change", lang), format_amount(receipt.change_ore, lang), width))
    return rows


def _vat_rows(receipt: Receipt, lang: str, width: int) -> list[str]:
    cols = (_t("vat_head", lang), _t("vat_net", lang), _t("vat", lang), _t("vat_gross", lang))
    cell = (width - 10) // 3

    def row(first: str, *rest: str) -> str:
        return first.ljust(10) + "".join(r.rjust(cell) for r in rest)

    rows = [row(*cols)]
    for v in receipt.vat:
        rows.append(row(f"{v.rate} %", *(format_amount(a, lang)
                                          for a in (v.net_ore, v.vat_ore, v.gross_ore))))
    return rows
