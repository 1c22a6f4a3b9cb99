"""X and Z reports, computed from the journal alone (kassasystemforskriften, BRIEF §4).

An X report shows the totals since the last Z report and can be run at any
time; a Z report shows the same, is numbered in sequence (the journal refuses
a wrong number or a second Z for the same day: `ZReportRefused`), and closes
the period: the next report starts after it. Both are journaled (`report.x`,
`report.z`) with the figures they printed, so SAF-T's `eventReport` and a later
audit can be checked against what was on paper.

What counts where:
- *sales*, *returns*, payments, operators, product groups, VAT, discounts and
  corrected lines count **real** (non-training) transactions only;
- *training* counts every training transaction (count and amount) separately;
- *voids* are cancelled sales (a signed void transaction each);
- grand totals run from the journal's first entry to the end of the period;
- a product group's *num* is the number of sales with the group (a return with it
  counts −1), as SAF-T's `artGroupNum` in the official example, not the quantity;
- *sale receipts* are receipts of real sales only (not returns, voids, training);
- *no-sale openings* are drawer openings without a sale, counted apart from all
  openings (SAF-T's `reportOpenCashBoxNum`);
- *price inquiries* count per product group with the looked-up price.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from pos.compliance.articles import article_group
from pos.compliance.ledger import Ledger, LedgerTransaction, read_ledger
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.journal import Entry, EventType, Journal, TransactionKind


@dataclass
class Counted:
    num: int = 0
    amount_ore: int = 0

    def add(self, amount_ore: int, num: int = 1) -> None:
        self.num += num
        self.amount_ore += amount_ore


@dataclass(frozen=True)
class VatTotal:
    rate: int
    gross_ore: int
    vat_ore: int
    net_ore: int


@dataclass
class Report:
    """The figures of one X or Z report (integer øre everywhere)."""

    kind: str
    number: int | None
    register_id: str
    store_id: str
    created_at: datetime
    first_seq: int
    last_seq: int
    period_from: str | None = None
    period_to: str | None = None
    sales: Counted = field(default_factory=Counted)
    returns: Counted = field(default_factory=Counted)
    voids: Counted = field(default_factory=Counted)
    training: Counted = field(default_factory=Counted)
    payments: dict[str, Counted] = field(default_factory=dict)
    operator_sales: dict[str, Counted] = field(default_factory=dict)
    operator_payments: dict[str, dict[str, Counted]] = field(default_factory=dict)
    groups: dict[str, Counted] = field(default_factory=dict)
    operator_groups: dict[str, dict[str, Counted]] = field(default_factory=dict)
    vat: list[VatTotal] = field(default_factory=list)
    discounts: Counted = field(default_factory=Counted)
    corrected_lines: Counted = field(default_factory=Counted)
    copies: Counted = field(default_factory=Counted)
    provisional: Counted = field(default_factory=Counted)
    receipts_printed: int = 0
    sale_receipts_printed: int = 0
    receipts_not_printed: int = 0
    drawer_openings: int = 0
    no_sale_openings: int = 0
    price_lookups: int = 0
    price_inquiries: dict[str, Counted] = field(default_factory=dict)
    opening_float_ore: int = 0
    operator_floats: dict[str, int] = field(default_factory=dict)
    withdrawals: Counted = field(default_factory=Counted)
    cash_counted_ore: int | None = None
    cash_rounding_ore: int = 0
    grand_total_sales_ore: int = 0
    grand_total_returns_ore: int = 0

    @property
    def net_sales_ore(self) -> int:
        """Sales minus returns in the period (returns are negative amounts)."""
        return self.sales.amount_ore + self.returns.amount_ore

    @property
    def grand_total_net_ore(self) -> int:
        return self.grand_total_sales_ore + self.grand_total_returns_ore

    @property
    def cash_expected_ore(self) -> int:
        """What the drawer should hold: float + cash taken − cash refunded − withdrawals."""
        cash = self.payments.get("cash", Counted()).amount_ore
        return self.opening_float_ore + cash - self.withdrawals.amount_ore

    @property
    def cash_difference_ore(self) -> int | None:
        if self.cash_counted_ore is None:
            return None
        return self.cash_counted_ore - self.cash_expected_ore

    def to_payload(self) -> dict[str, Any]:
        """JSON-ready (no floats, no datetimes): what `report.x`/`report.z` record."""
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat()
        data["vat"] = [asdict(v) for v in self.vat]
        for name in ("net_sales_ore", "grand_total_net_ore", "cash_expected_ore",
                     "cash_difference_ore"):
            data[name] = getattr(self, name)
        return data


def compute_report(ledger: Ledger, *, kind: str, created_at: datetime,
                   number: int | None = None, after_seq: int = 0,
                   up_to_seq: int | None = None) -> Report:
    """The figures of the period `after_seq < seq <= up_to_seq` of `ledger`."""
    period = [e for e in ledger.entries
              if e.seq > after_seq and (up_to_seq is None or e.seq <= up_to_seq)]
    last_seq = period[-1].seq if period else after_seq
    report = Report(kind=kind, number=number, register_id=ledger.register_id,
                    store_id=ledger.store_id, created_at=created_at,
                    first_seq=after_seq + 1, last_seq=last_seq,
                    period_from=period[0].ts.isoformat() if period else None,
                    period_to=period[-1].ts.isoformat() if period else None)
    by_sale = {tx.sale_id: tx for tx in ledger.transactions}
    vat: dict[int, list[int]] = {}
    for tx in ledger.transactions:
        if tx.entry.seq > last_seq:
            break
        _grand_totals(report, tx)
        if tx.entry.seq > after_seq:
            _count_transaction(report, tx, vat)
    report.vat = [VatTotal(rate, g, v, g - v) for rate, (g, v) in sorted(vat.items(),
                                                                         reverse=True)]
    for entry in period:
        _count_event(report, entry, by_sale)
    return report


def _grand_totals(report: Report, tx: LedgerTransaction) -> None:
    if tx.training:
        return
    if tx.kind is TransactionKind.SALE:
        report.grand_total_sales_ore += tx.amount_in
    elif tx.kind is TransactionKind.RETURN:
        report.grand_total_returns_ore += tx.amount_in


def _bucket(table: dict[str, Counted], key: str) -> Counted:
    return table.setdefault(key, Counted())


def _count_transaction(report: Report, tx: LedgerTransaction,
                       vat: dict[int, list[int]]) -> None:
    if tx.training:
        report.training.add(tx.amount_in)
        return
    if tx.kind is TransactionKind.VOID:
        report.voids.add(tx.amount_in)
        return
    (report.sales if tx.kind is TransactionKind.SALE else report.returns).add(tx.amount_in)
    _bucket(report.operator_sales, tx.operator_id).add(tx.amount_in)
    report.cash_rounding_ore += tx.rounding_ore
    for payment in tx.payments:
        _bucket(report.payments, payment.kind).add(payment.amount_ore)
        _bucket(report.operator_payments.setdefault(tx.operator_id, {}),
                payment.kind).add(payment.amount_ore)
    sale_count = -1 if tx.kind is TransactionKind.RETURN else 1
    groups_seen: set[str] = set()
    for line in tx.lines:
        if line.voided:
            report.corrected_lines.add(line.amount_in)
            continue
        num = 0 if line.group in groups_seen else sale_count  # one per transaction
        groups_seen.add(line.group)
        _bucket(report.groups, line.group).add(line.amount_in, num)
        _bucket(report.operator_groups.setdefault(tx.operator_id, {}),
                line.group).add(line.amount_in, num)
        if line.discount_ore > 0:
            report.discounts.add(line.discount_ore)
    for v in tx.vat:
        sums = vat.setdefault(v.rate, [0, 0])
        sums[0] += v.gross_ore
        sums[1] += v.vat_ore


def _count_event(report: Report, entry: Entry, by_sale: dict[str, LedgerTransaction]) -> None:
    kind, payload = entry.type, entry.payload
    if kind is EventType.RECEIPT_COPY_PRINTED:
        tx = by_sale.get(entry.sale_id or "")
        report.copies.add(tx.amount_in if tx else 0)
    elif kind is EventType.RECEIPT_PRINTED:
        report.receipts_printed += 1
        tx = by_sale.get(entry.sale_id or "")
        if tx is not None and tx.kind is TransactionKind.SALE and not tx.training:
            report.sale_receipts_printed += 1
    elif kind is EventType.RECEIPT_NOT_PRINTED:
        report.receipts_not_printed += 1
    elif kind is EventType.RECEIPT_PROVISIONAL_PRINTED:
        report.provisional.add(_int(payload.get("amount_ore")))
    elif kind is EventType.DRAWER_OPENED:
        report.drawer_openings += 1
        if payload.get("manual"):
            report.no_sale_openings += 1
    elif kind is EventType.PRICE_LOOKUP:
        report.price_lookups += 1
        group = article_group(payload)
        _bucket(report.price_inquiries, group).add(_int(payload.get("price_ore")))
    elif kind is EventType.CASH_FLOAT and not entry.training:
        report.opening_float_ore += _int(payload.get("amount_ore"))
        operator = entry.operator_id or ""
        report.operator_floats[operator] = (report.operator_floats.get(operator, 0)
                                            + _int(payload.get("amount_ore")))
    elif kind is EventType.CASH_WITHDRAWN and not entry.training:
        report.withdrawals.add(_int(payload.get("amount_ore")))
    elif kind is EventType.CASH_COUNTED and not entry.training:
        report.cash_counted_ore = _int(payload.get("amount_ore"))


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _last_z_seq(entries: Iterable[Entry]) -> tuple[int, int]:
    """(seq, number) of the newest Z report among `entries`, (0, 0) before the first."""
    found = (0, 0)
    for entry in entries:
        if entry.type is EventType.REPORT_Z:
            found = (entry.seq, _int(entry.payload.get("number")))
    return found


def x_report(journal: Journal, settings: StoreSettings = DEFAULT_SETTINGS, *,
             record: bool = True) -> Report:
    """The totals since the last Z report; journaled as `report.x` unless `record=False`."""
    ledger = read_ledger(journal, settings)
    after_seq, _ = _last_z_seq(ledger.entries)
    report = compute_report(ledger, kind="X", created_at=journal.clock(), after_seq=after_seq)
    if record:
        journal.append(EventType.REPORT_X, {"report": report.to_payload()})
    return report


def z_report(journal: Journal, settings: StoreSettings = DEFAULT_SETTINGS) -> Report:
    """Close the period: the next number, journaled as `report.z` (`ZReportRefused` if not now).

    The journal checks the number, the day and that no sale is open, in the same
    commit that writes the report, so two tills racing for it cannot both win.
    """
    ledger = read_ledger(journal, settings)
    after_seq, last_number = _last_z_seq(ledger.entries)
    number = last_number + 1
    report = compute_report(ledger, kind="Z", created_at=journal.clock(), number=number,
                            after_seq=after_seq)
    journal.append(EventType.REPORT_Z, {"number": number, "report": report.to_payload()})
    return report
