"""The journal read back as cash transactions: what X/Z reports and SAF-T are computed from.

Why one reader for both: a Z report and the SAF-T file must never disagree
about what was sold. Each signed cash transaction in the journal (a completed
sale, a return, a void) becomes one `LedgerTransaction` with its lines, VAT
per rate and payments, rebuilt from the journal's own entries: a sale by
replaying its recorded operations into the domain `Sale` (exactly what the till
showed and printed), a return from the return lines `pos.compliance.returns`
records. Nothing is read from anywhere but the journal file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pos.domain.dividend import earns_dividend
from pos.domain.lines import LineKind
from pos.domain.sale import Sale
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.tender import TenderKind
from pos.domain.texts import DomainError
from pos.domain.vat import VatLine, sum_by_rate, vat_included
from pos.journal import Entry, EventType, Journal, MalformedEntry, TransactionKind
from pos.journal.db import Database
from pos.journal.entries import SELECT_ENTRIES, entry_from_tuple
from pos.journal.recording import operations_of

RETURN_OF = "return_of"
RETURN_LINE = "return_line"
REFUND = "refund"


@dataclass(frozen=True)
class LedgerLine:
    """One line of a cash transaction; amounts include VAT, negative on a return."""

    line_id: int
    kind: str
    description: str
    group: str
    art_id: str
    quantity: int
    weight_g: int | None
    amount_in: int
    vat_rate: int
    discount_ore: int = 0
    voided: bool = False
    returned: bool = False
    at: datetime | None = None
    original_line_id: int | None = None
    dividend_eligible: bool = True

    @property
    def vat_ore(self) -> int:
        return _signed_vat(self.amount_in, self.vat_rate)

    @property
    def amount_ex(self) -> int:
        return self.amount_in - self.vat_ore


@dataclass(frozen=True)
class LedgerPayment:
    kind: str
    """`cash`, `card`, `coopay` (the domain's `TenderKind` values)."""
    amount_ore: int
    """What changed hands for the sale (cash after rounding); negative when refunded."""
    reference: str = ""


@dataclass(frozen=True)
class LedgerTransaction:
    """One signed cash transaction with everything the reports and SAF-T show of it."""

    entry: Entry
    sale_id: str
    opened_at: datetime
    lines: tuple[LedgerLine, ...]
    payments: tuple[LedgerPayment, ...]
    vat: tuple[VatLine, ...]
    rounding_ore: int = 0
    return_of: int | None = None
    copies: int = 0
    receipts: int = 0

    @property
    def nr(self) -> int:
        assert self.entry.cash is not None
        return self.entry.cash.nr

    @property
    def kind(self) -> TransactionKind:
        assert self.entry.cash is not None
        return self.entry.cash.kind

    @property
    def amount_in(self) -> int:
        assert self.entry.cash is not None
        return self.entry.cash.amount_in

    @property
    def amount_ex(self) -> int:
        assert self.entry.cash is not None
        return self.entry.cash.amount_ex

    @property
    def training(self) -> bool:
        return self.entry.training

    @property
    def operator_id(self) -> str:
        return self.entry.operator_id or ""

    @property
    def ts(self) -> datetime:
        return self.entry.ts


@dataclass
class Ledger:
    """A journal (or part of it) read once: entries in order and the cash transactions."""

    entries: list[Entry]
    transactions: list[LedgerTransaction] = field(default_factory=list)
    register_id: str = ""
    store_id: str = ""

    def by_nr(self, nr: int) -> LedgerTransaction | None:
        return next((t for t in self.transactions if t.nr == nr), None)


def read_entries(source: Journal | str | Path) -> list[Entry]:
    """Every entry of a journal: from an open `Journal`, or a file opened read-only."""
    if isinstance(source, Journal):
        return list(source.entries())
    with Database.open(source, readonly=True) as db:
        return [entry_from_tuple(values)
                for values in db.execute(f"{SELECT_ENTRIES} ORDER BY seq")]


def register_of(path: Path) -> tuple[str, str] | None:
    """(register, store) of an existing journal file, None for a new one."""
    if not path.exists():
        return None
    with Database.open(path, readonly=True) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return meta.get("register_id", "3"), meta.get("store_id", "1001")


def read_ledger(source: Journal | str | Path, settings: StoreSettings = DEFAULT_SETTINGS
                ) -> Ledger:
    entries = read_entries(source)
    return build_ledger(entries, settings)


def build_ledger(entries: list[Entry], settings: StoreSettings = DEFAULT_SETTINGS) -> Ledger:
    """The cash transactions of `entries` (all of a journal, in order)."""
    by_sale: dict[str, list[Entry]] = {}
    copies: dict[str, int] = {}
    receipts: dict[str, int] = {}
    for entry in entries:
        if entry.sale_id is None:
            continue
        by_sale.setdefault(entry.sale_id, []).append(entry)
        if entry.type is EventType.RECEIPT_COPY_PRINTED:
            copies[entry.sale_id] = copies.get(entry.sale_id, 0) + 1
        elif entry.type is EventType.RECEIPT_PRINTED:
            receipts[entry.sale_id] = receipts.get(entry.sale_id, 0) + 1
    ledger = Ledger(entries=entries)
    if entries:
        ledger.register_id, ledger.store_id = entries[0].register_id, entries[0].store_id
    for entry in entries:
        if entry.cash is None or entry.sale_id is None:
            continue
        sale_entries = [e for e in by_sale[entry.sale_id] if e.seq <= entry.seq]
        try:
            tx = transaction_of(entry, sale_entries, settings)
        except (DomainError, ValueError, KeyError, TypeError, IndexError) as exc:
            raise MalformedEntry(entry.seq, entry.cash.nr, str(exc)) from exc
        ledger.transactions.append(_with_counts(tx, copies, receipts))
    return ledger


def _with_counts(tx: LedgerTransaction, copies: Mapping[str, int],
                 receipts: Mapping[str, int]) -> LedgerTransaction:
    return LedgerTransaction(
        entry=tx.entry, sale_id=tx.sale_id, opened_at=tx.opened_at, lines=tx.lines,
        payments=tx.payments, vat=tx.vat, rounding_ore=tx.rounding_ore, return_of=tx.return_of,
        copies=copies.get(tx.sale_id, 0), receipts=receipts.get(tx.sale_id, 0),
    )


def transaction_of(closing: Entry, sale_entries: list[Entry],
                   settings: StoreSettings = DEFAULT_SETTINGS) -> LedgerTransaction:
    """One cash transaction from its closing entry and the sale's entries before it."""
    first = sale_entries[0]
    return_of = first.payload.get(RETURN_OF)
    if isinstance(return_of, Mapping):
        return _return_transaction(closing, sale_entries, int(return_of["nr"]))
    sale = replay_sale(sale_entries, settings)
    return _sale_transaction(closing, sale)


def replay_sale(sale_entries: Iterable[Entry], settings: StoreSettings = DEFAULT_SETTINGS
                ) -> Sale:
    """The domain sale exactly as the till had it (the recorded operations, replayed)."""
    return Sale.replay(operations_of(sale_entries), settings=settings)


def _sale_transaction(closing: Entry, sale: Sale) -> LedgerTransaction:
    totals = sale.totals
    line_totals = {t.line_id: t for t in totals.lines}
    lines = []
    for line in sale.lines:
        total = line_totals.get(line.line_id)
        discount = max(0, total.member_discount_ore + total.offer_discount_ore) if total else 0
        lines.append(LedgerLine(
            line_id=line.line_id, kind=str(line.kind), description=line.description,
            group=line.group, art_id=_art_id(line), quantity=line.quantity,
            weight_g=line.weight_g,
            amount_in=total.net_ore if total else line.amount_ore, vat_rate=line.vat_rate,
            discount_ore=discount, voided=line.voided,
            dividend_eligible=earns_dividend(line, sale.settings),
        ))
    payments = tuple(
        LedgerPayment(str(t.kind),
                      t.applied_ore + t.rounding_ore if t.kind is TenderKind.CASH
                      else t.applied_ore,
                      t.reference)
        for t in sale.tenders if not t.voided
    )
    return LedgerTransaction(
        entry=closing, sale_id=sale.sale_id, opened_at=sale.opened_at, lines=tuple(lines),
        payments=payments, vat=totals.vat, rounding_ore=sale.rounding_ore,
    )


def _art_id(line: Any) -> str:
    if line.kind == LineKind.DEPOSIT_SLIP:
        return f"SLIP-{line.slip_id or ''}"[:35]
    product = line.product
    if product is None:
        return "?"
    return product.plu or product.gtin


def _return_transaction(closing: Entry, sale_entries: list[Entry], original_nr: int
                        ) -> LedgerTransaction:
    lines: list[LedgerLine] = []
    payments: list[LedgerPayment] = []
    for entry in sale_entries:
        line = entry.payload.get(RETURN_LINE)
        refund = entry.payload.get(REFUND)
        if entry.type is EventType.LINE_ADDED and isinstance(line, Mapping):
            lines.append(LedgerLine(
                line_id=int(line["line_id"]), kind=str(line.get("kind", "item")),
                description=str(line["description"]), group=str(line["group"]),
                art_id=str(line["art_id"]), quantity=int(line["quantity"]),
                weight_g=line.get("weight_g"), amount_in=-int(line["amount_ore"]),
                vat_rate=int(line["vat_rate"]), returned=True, at=entry.ts,
                original_line_id=int(line["original_line_id"]),
                dividend_eligible=bool(line.get("dividend_eligible", True)),
            ))
        elif entry.type is EventType.TENDER_ADDED and isinstance(refund, Mapping):
            payments.append(LedgerPayment(str(refund["kind"]), -int(refund["amount_ore"]),
                                          str(refund.get("reference", ""))))
    gross_by_rate = sum_by_rate((ln.vat_rate, ln.amount_in) for ln in lines)
    vat = tuple(VatLine(rate, gross, _signed_vat(gross, rate), gross - _signed_vat(gross, rate))
                for rate, gross in sorted(gross_by_rate.items(), reverse=True))
    return LedgerTransaction(
        entry=closing, sale_id=sale_entries[0].sale_id or "", opened_at=sale_entries[0].ts,
        lines=tuple(lines), payments=tuple(payments), vat=vat, return_of=original_nr,
    )


def _signed_vat(amount: int, rate: int) -> int:
    """VAT in a VAT-inclusive amount, symmetric for negative (returned) amounts."""
    vat = vat_included(abs(amount), rate)
    return -vat if amount < 0 else vat

