"""Every receipt the till prints is made here: sale, copy ("KOPI"), return, provisional.

One place, so that the sale receipt, its one permitted copy and the return
receipt cannot drift apart. Why copies and return receipts come from the
journal: a copy must show exactly what the original showed, so it is rebuilt
from the sale's recorded operations (not from the catalog of today). The copy
is journaled *before* it is rendered: the journal refuses a second copy
(`CopyLimitReached`), so a refused copy is never printed. The engine
(`pos.till.receipts.ReceiptDesk`) only sends these texts to the printer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pos.compliance.ledger import LedgerTransaction, read_ledger, replay_sale
from pos.compliance.texts import T
from pos.domain.lines import LineKind
from pos.domain.receipt import (
    Earnings,
    Receipt,
    ReceiptKind,
    ReceiptLine,
    ReceiptTender,
    build_receipt,
)
from pos.domain.receipt_text import LARGE_MARK, render_receipt
from pos.domain.sale import Sale
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.tender import TenderKind
from pos.journal import EventType, Journal, TransactionKind
from pos.journal.errors import SaleStateError

RETURN_OF_TEXT = T("return_receipt_no")
PROVISIONAL = "FORELØPIG KVITTERING"
NOT_A_RECEIPT = "IKKE GYLDIG KJØPSKVITTERING"
"""Norwegian in both languages, like "KOPI": an inspector reads them."""
_SALE_TITLE = T("sales_receipt")
_NUMBER = T("receipt_no")


def sale_receipt_text(sale: Sale, *, receipt_number: int, issued_at: datetime,
                      register_id: str, operator: str, lang: str = "nb",
                      settings: StoreSettings = DEFAULT_SETTINGS,
                      earned: Earnings | None = None) -> str:
    """The receipt of a sale just completed, as printed and shown."""
    receipt = build_receipt(sale, receipt_number=receipt_number, issued_at=issued_at,
                            register_id=register_id, operator=operator, earned=earned)
    return render_receipt(receipt, lang, settings.receipt_width)


def receipt_of(journal: Journal, tx: LedgerTransaction, *, copy: bool = False,
               settings: StoreSettings = DEFAULT_SETTINGS) -> Receipt:
    """The receipt of cash transaction `tx` as it was printed (sale or return)."""
    if tx.kind is TransactionKind.RETURN:
        return _return_receipt(tx, journal.register_id, copy, settings)
    sale_entries = [e for e in journal.entries(sale_id=tx.sale_id) if e.seq <= tx.entry.seq]
    sale = replay_sale(sale_entries, settings)
    return build_receipt(sale, receipt_number=tx.nr, issued_at=tx.ts,
                         register_id=journal.register_id, operator=tx.operator_id,
                         settings=settings, copy=copy, earned=_earned_as_printed(journal, tx))


def render(receipt: Receipt, tx: LedgerTransaction, lang: str = "nb",
           width: int = 42) -> str:
    """The receipt text; a return receipt also names the original receipt."""
    text = render_receipt(receipt, lang, width)
    if tx.return_of is not None:
        text += RETURN_OF_TEXT.get(lang).format(nr=tx.return_of) + "\n"
    return text


def print_copy(journal: Journal, nr: int, *, lang: str = "nb",
               settings: StoreSettings = DEFAULT_SETTINGS) -> str:
    """Journal and render the one copy of receipt `nr` (`CopyLimitReached` for a second)."""
    tx = read_ledger(journal, settings).by_nr(nr)
    if tx is None:
        raise SaleStateError(f"there is no receipt number {nr} on register "
                             f"{journal.register_id}")
    journal.append(EventType.RECEIPT_COPY_PRINTED, {"receipt_number": nr}, sale_id=tx.sale_id)
    return render(receipt_of(journal, tx, copy=True, settings=settings), tx, lang,
                  settings.receipt_width)


def print_receipt(journal: Journal, nr: int, printer: Callable[[str], None], *,
                  lang: str = "nb", settings: StoreSettings = DEFAULT_SETTINGS) -> str:
    """Print the receipt of `nr` (e.g. a return receipt) and journal whether it was printed.

    A printer that fails is journaled as `receipt.not_printed` (SAF-T 13030), not raised:
    the transaction is done and the screen shows the text anyway.
    """
    tx = read_ledger(journal, settings).by_nr(nr)
    if tx is None:
        raise SaleStateError(f"there is no receipt number {nr} on register "
                             f"{journal.register_id}")
    text = render(receipt_of(journal, tx, settings=settings), tx, lang, settings.receipt_width)
    try:
        printer(text)
    except Exception as exc:  # no printer, paper out, port gone
        journal.append(EventType.RECEIPT_NOT_PRINTED, {"receipt_number": nr, "reason": str(exc)},
                       sale_id=tx.sale_id)
    else:
        journal.append(EventType.RECEIPT_PRINTED, {"receipt_number": nr}, sale_id=tx.sale_id)
    return text


def _earned_as_printed(journal: Journal, tx: LedgerTransaction) -> Earnings | None:
    """What the original receipt said the purchase earned (journaled with its printing)."""
    for entry in journal.entries(sale_id=tx.sale_id):
        if entry.type in (EventType.RECEIPT_PRINTED, EventType.RECEIPT_NOT_PRINTED) \
                and entry.payload.get("receipt_number") == tx.nr:
            return Earnings.from_answer(entry.payload)
    return None


def _return_receipt(tx: LedgerTransaction, register_id: str, copy: bool,
                    settings: StoreSettings) -> Receipt:
    lines = tuple(
        ReceiptLine(line_id=line.line_id, kind=LineKind(line.kind),
                    description=line.description, amount_ore=line.amount_in,
                    quantity=line.quantity,
                    unit_price_ore=line.amount_in // max(1, line.quantity),
                    weight_g=line.weight_g)
        for line in tx.lines
    )
    return Receipt(
        kind=ReceiptKind.RETURN, receipt_number=tx.nr, issued_at=tx.ts,
        register_id=register_id, operator=tx.operator_id, sale_id=tx.sale_id,
        company_name=settings.company_name, org_number=settings.org_number,
        store_name=settings.store_name, store_address=settings.store_address,
        lines=lines, offers=(), vat=tx.vat, total_ore=tx.amount_in, rounding_ore=0,
        tenders=tuple(ReceiptTender(TenderKind(p.kind), p.amount_ore, p.reference)
                      for p in tx.payments),
        change_ore=0, copy=copy, training=tx.training,
    )



def provisional_text(sale: Sale, *, register_id: str, operator: str, issued_at: datetime,
                     lang: str = "nb", settings: StoreSettings = DEFAULT_SETTINGS) -> str:
    """The open sale as a provisional receipt: no receipt number, marked as not a receipt.

    It is what a shopper may ask for before paying (to check prices); the regulation
    wants it clearly marked so it can never pass for a receipt for purchase.
    """
    receipt = build_receipt(sale, receipt_number=0, issued_at=issued_at,
                            register_id=register_id, operator=operator, settings=settings)
    lines = render_receipt(receipt, lang, settings.receipt_width).splitlines()
    width = settings.receipt_width
    marks = [LARGE_MARK + PROVISIONAL, NOT_A_RECEIPT.center(width).rstrip()]
    out = []
    for line in lines:
        if line.removeprefix(LARGE_MARK).strip() in (_SALE_TITLE.nb, _SALE_TITLE.en):
            out += marks
        elif line.startswith(_NUMBER.get(lang)):
            continue  # a provisional receipt has no receipt number
        else:
            out.append(line)
    bottom = [PROVISIONAL.center(width).rstrip(), marks[1]]
    return "\n".join([*out, *bottom]) + "\n"
