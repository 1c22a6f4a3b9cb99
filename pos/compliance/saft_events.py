"""The text of a SAF-T `event`, and a line's quantity, as the official example writes them.

    LINEDELETE   artID 1001; qnt 1; lineAmntIn 16.40
    PRICELOOKUP  artID 1003; artGroupID 100; lineAmntIn 27.80; lineAmntEx 24.17

Why from the ledger: a line deletion is journaled as "void line 3 of this sale";
what was deleted (article, quantity, amount) is the sale's line as the ledger
rebuilt it. A price lookup is journaled with the GTIN and the price.
"""

from __future__ import annotations

from pos.compliance.articles import article_group, article_vat_rate, price_ex_vat
from pos.compliance.ledger import LedgerLine, LedgerTransaction
from pos.domain.money import two_decimals
from pos.journal import Entry, EventType


def quantity(line: LedgerLine) -> str:
    """`qnt` with six decimals (kg for weighed items); negative on a returned line."""
    sign = "-" if line.returned else ""
    if line.weight_g is not None:
        grams = abs(line.weight_g)
        return f"{sign}{grams // 1000}.{grams % 1000:03d}000"
    return f"{sign}{abs(line.quantity)}.000000"


def _deleted_line(entry: Entry, tx: LedgerTransaction | None) -> str | None:
    op = entry.payload.get("op")
    line_id = op.get("line_id") if isinstance(op, dict) else None
    line = next((x for x in tx.lines if x.line_id == line_id), None) if tx else None
    if line is None:
        return f"lineID {line_id}" if line_id is not None else None
    return (f"artID {line.art_id}; qnt {quantity(line).rstrip('0').rstrip('.')}; "
            f"lineAmntIn {two_decimals(line.amount_in)}")


def _price_lookup(entry: Entry) -> str | None:
    payload = entry.payload
    price = payload.get("price_ore")
    if not isinstance(price, int):
        return None
    text = (f"artID {payload.get('gtin')}; artGroupID {article_group(payload)}; "
            f"lineAmntIn {two_decimals(price)}")
    rate = article_vat_rate(payload)
    if rate is not None:
        text += f"; lineAmntEx {two_decimals(price_ex_vat(price, rate))}"
    return text


def event_text(entry: Entry, tx: LedgerTransaction | None) -> str | None:
    """The `eventText` of an entry, None when the example has none for its kind."""
    payload = entry.payload
    if entry.type is EventType.LINE_VOIDED:
        return _deleted_line(entry, tx)
    if entry.type is EventType.PRICE_LOOKUP:
        return _price_lookup(entry)
    if entry.type is EventType.SIGNING_KEY_CREATED:
        return f"keyVersion {payload.get('key_version')} {payload.get('fingerprint', '')}"
    if "amount_ore" in payload and isinstance(payload["amount_ore"], int):
        return f"{two_decimals(payload['amount_ore'])} {payload.get('reason', '')}".strip()
    if "receipt_number" in payload:
        return f"receipt {payload['receipt_number']}"
    if entry.type is EventType.REPORT_Z:
        return f"Z-report {payload.get('number')}"
    if entry.type is EventType.REPORT_X:
        return "X-report"
    return None
