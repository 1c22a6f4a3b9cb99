"""Child process for the crash tests: a till that keeps selling until it is killed.

Run as `python journal_writer.py JOURNAL [LIMIT]`. It follows a fixed script
(`script()`) so the parent knows exactly what every entry must be, and prints
`seq type sale_id` after each committed entry, so the parent knows what was
durably written before it sent SIGKILL.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from pos.journal import EventType, Journal
from pos.sync.outbox import Outbox

REGISTER, STORE = "K1", "S1"


def script() -> Iterator[tuple[str, int, int]]:
    """(action, sale number, line number), forever: sales of 1–4 lines, some with a voided line."""
    sale = 0
    while True:
        sale += 1
        yield ("start", sale, 0)
        for line in range(1 + sale % 4):
            yield ("line", sale, line)
        if sale % 3 == 0:
            yield ("void_line", sale, 0)
        yield ("complete", sale, 0)


def sale_id(sale: int) -> str:
    return f"sale-{sale:06d}"


def price(sale: int, line: int) -> int:
    return 1000 * sale + 10 * line + 5


def total(sale: int) -> int:
    lines = [price(sale, line) for line in range(1 + sale % 4)]
    return sum(lines) - (lines[0] if sale % 3 == 0 else 0)


def expected(action: str, sale: int, line: int) -> tuple[str, str, dict]:
    """The (type, sale id, payload) the journal must hold for one script step."""
    if action == "start":
        return (EventType.SALE_STARTED, sale_id(sale), {"lane": 1})
    if action == "line":
        return (EventType.LINE_ADDED, sale_id(sale), {"line": line, "price": price(sale, line)})
    if action == "void_line":
        return (EventType.LINE_VOIDED, sale_id(sale), {"line": line})
    return (EventType.SALE_COMPLETED, sale_id(sale), {"total": total(sale)})


def perform(journal: Journal, outbox: Outbox, action: str, sale: int, line: int):
    kind, ident, payload = expected(action, sale, line)
    if action == "start":
        return journal.start_sale(payload, sale_id=ident)
    if action == "complete":
        with journal.atomic():
            done = journal.complete_sale(ident, amount_in=total(sale),
                                         amount_ex=total(sale) * 4 // 5, payload=payload)
            outbox.enqueue(ident, {"purchase_id": ident, "total": total(sale)})
        return done
    return journal.append(kind, payload, sale_id=ident)


def main(path: str, limit: int) -> int:
    with Journal.open(path, register_id=REGISTER, store_id=STORE) as journal:
        journal.login("1001")
        print(f"2 {EventType.OPERATOR_LOGIN} -", flush=True)
        outbox = Outbox.for_journal(journal)
        for step, (action, sale, line) in enumerate(script()):
            if step >= limit:
                break
            entry = perform(journal, outbox, action, sale, line)
            print(f"{entry.seq} {entry.type} {entry.sale_id}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10**9))
