"""X and Z reports as printable fixed-width text, in bokmål (default) or English.

Headed as §2-8-2/§2-8-3 ask: the report's title (marked large for the printer,
`screen_text` for screens), the company name, its organisation number with
"MVA", the store, the register, when it was made and the period it covers, all
in local time for people (`02.12.2026 16:41`).
"""

from __future__ import annotations

from datetime import datetime

from pos.compliance.reports import Counted, Report
from pos.compliance.texts import T
from pos.domain.clock import to_oslo
from pos.domain.groups import group_name
from pos.domain.money import format_amount, format_money
from pos.domain.receipt_text import LARGE_MARK
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.tender import TENDER_NAMES, TenderKind

_T = {
    "X": T("x_report"), "Z": T("z_report"),
    "nr": T("number_short"), "register": T("register"), "org": T("org_no"),
    "printed": T("report_printed"), "sale_receipts": T("sale_receipts_printed"),
    "period": T("period"), "sales": T("sales"),
    "returns": T("returns"), "net": T("net_sales"),
    "voids": T("voided_sales"),
    "training": T("training_sales"),
    "payments": T("payment_methods"),
    "operators": T("per_operator"),
    "groups": T("per_product_group"),
    "vat": T("vat_per_rate"), "discounts": T("discounts"),
    "corr": T("voided_lines"), "copies": T("copies"),
    "provisional": T("provisional_receipts"),
    "receipts": T("receipts_printed"),
    "drawer": T("drawer_openings"),
    "nosale": T("of_which_without_sale"),
    "lookups": T("price_look_ups"),
    "float": T("opening_float"),
    "withdrawals": T("withdrawals"),
    "expected": T("expected_cash"),
    "counted": T("counted_cash"),
    "difference": T("difference"),
    "rounding": T("cash_rounding"),
    "grand_sales": T("grand_total_sales"),
    "grand_returns": T("grand_total_returns"),
    "grand_net": T("grand_total_net"),
}


def _row(left: str, right: str, width: int) -> str:
    return f"{left[: width - len(right) - 1]:<{width - len(right)}}{right}"


def local_time(moment: datetime | str | None) -> str:
    """`02.12.2026 16:41` in Oslo time (a stored ISO text or a datetime), `-` for none."""
    if moment is None:
        return "-"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return f"{to_oslo(moment):%d.%m.%Y %H:%M}"


def _org_number(number: str) -> str:
    return f"{number[:3]} {number[3:6]} {number[6:]} MVA"


def render_report(report: Report, lang: str = "nb", width: int = 42,
                  settings: StoreSettings = DEFAULT_SETTINGS) -> str:
    """The report as sent to the printer (`screen_text` turns the title into a plain line)."""
    t = {k: v.get(lang) for k, v in _T.items()}
    title = t[report.kind] + (f" {t['nr']} {report.number}" if report.number is not None else "")
    out = [LARGE_MARK + title]
    for text in (settings.company_name, f"{t['org']} {_org_number(settings.org_number)}",
                 settings.store_name):
        out.append(text.center(width).rstrip())
    out.append(f"{t['register']} {report.register_id}")
    out.append(f"{t['printed']} {local_time(report.created_at)}")
    out.append(f"{t['period']} {local_time(report.period_from)} – {local_time(report.period_to)}")
    out.append("=" * width)

    def counted(key: str, value: Counted) -> None:
        out.append(_row(f"{t[key]} ({value.num})", format_amount(value.amount_ore, lang), width))

    def money(key: str, amount: int) -> None:
        out.append(_row(t[key], format_money(amount, lang), width))

    counted("sales", report.sales)
    counted("returns", report.returns)
    money("net", report.net_sales_ore)
    counted("voids", report.voids)
    counted("training", report.training)
    out += ["-" * width, t["payments"]]
    for kind, value in sorted(report.payments.items()):
        known = {k.value: k for k in TenderKind}
        name = TENDER_NAMES[known[kind]].get(lang) if kind in known else kind
        out.append(_row(f"  {name} ({value.num})", format_amount(value.amount_ore, lang), width))
    out += ["-" * width, t["operators"]]
    for operator, value in sorted(report.operator_sales.items()):
        out.append(_row(f"  {operator} ({value.num})", format_amount(value.amount_ore, lang),
                        width))
    out += ["-" * width, t["groups"]]
    for group, value in sorted(report.groups.items()):
        out.append(_row(f"  {group_name(group, lang)} ({value.num})",
                        format_amount(value.amount_ore, lang), width))
    out += ["-" * width, t["vat"]]
    for v in report.vat:
        out.append(_row(f"  {v.rate} % {format_amount(v.net_ore, lang)}",
                        format_amount(v.vat_ore, lang), width))
    out.append("-" * width)
    for key, value in (("discounts", report.discounts), ("corr", report.corrected_lines),
                       ("copies", report.copies), ("provisional", report.provisional),
                       ("withdrawals", report.withdrawals)):
        counted(key, value)
    for key, number in (("receipts", report.receipts_printed),
                        ("sale_receipts", report.sale_receipts_printed),
                        ("drawer", report.drawer_openings), ("nosale", report.no_sale_openings),
                        ("lookups", report.price_lookups)):
        out.append(_row(t[key], str(number), width))
    out.append("-" * width)
    money("float", report.opening_float_ore)
    money("expected", report.cash_expected_ore)
    if report.cash_counted_ore is not None:
        money("counted", report.cash_counted_ore)
        money("difference", report.cash_difference_ore or 0)
    money("rounding", report.cash_rounding_ore)
    out.append("=" * width)
    money("grand_sales", report.grand_total_sales_ore)
    money("grand_returns", report.grand_total_returns_ore)
    money("grand_net", report.grand_total_net_ore)
    return "\n".join(out) + "\n"
