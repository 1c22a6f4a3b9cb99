"""A realistic day at one register, driven through the till engine: for testers and auditors.

    summary = run_demo_day(path, sales=200, day=date(2024, 5, 2), seed=7)

Everything goes through the till's own commands (`pos.till.engine.Till`): login
and operator changes, items by GTIN, weighed items, quantity changes, voided
lines, cash with rounding and change, bank card through the payment event
path, split payments, voided sales, the receipt copy (and the refused second
copy), returns by the receipt's barcode refunded to the original tender,
training mode, price look-ups, float, no-sale drawer openings, withdrawal,
cash count, X and Z reports. No row is written by hand.

The card terminal is an in-process stand-in that answers every request with an
approved `PaymentResult`, delivered through `Till.handle_device_event` like the
hub's; the printer is a list. The clock is a `SteppingClock` over the chosen day
(08:00 → about 20:00), so the day is reproducible from its seed.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from devices.events import PaymentResult
from pos.compliance.reports import Report, x_report
from pos.compliance.returns import receipt_code
from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.product import Product
from pos.domain.settings import StoreSettings
from pos.journal import Journal
from pos.journal.clock import OSLO, SteppingClock
from pos.journal.db import Database
from pos.till.engine import Till
from pos.till.events import Notice, ReceiptReady

OPERATORS = (("1", "1234"), ("2", "2222"))


@dataclass
class DaySummary:
    """What the day did (counted by the driver, to compare with the Z report)."""

    sales: int = 0
    voided_sales: int = 0
    returns: int = 0
    training_sales: int = 0
    copies: int = 0
    copies_refused: int = 0
    no_sale_openings: int = 0
    price_lookups: int = 0
    x_reports: int = 0
    z_report: Report | None = None
    receipts: list[int] = field(default_factory=list)
    copied: set[int] = field(default_factory=set)


class StandInTerminal:
    """Approves every card request; the till hears it as a device event, as from the hub."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, int]] = []

    def purchase(self, amount_ore: int, *, request_id: str) -> None:
        self.requests.append((request_id, amount_ore))

    def refund(self, amount_ore: int, *, request_id: str,
               original_transaction_id: str | None = None) -> None:
        self.requests.append((request_id, amount_ore))

    def cancel(self) -> bool:
        return False


class StandInHub:
    """The parts of the device hub the engine uses: a terminal and a printer (a list)."""

    def __init__(self) -> None:
        self.payment = StandInTerminal()
        self.printed: list[str] = []
        self.completed: list[int] = []
        self.sale_ids: dict[int, str] = {}
        self.notices: list[str] = []

    def listen(self, event: Any) -> None:
        """The till's listener: receipt numbers of completed sales, warnings and refusals."""
        if isinstance(event, ReceiptReady) and event.receipt_number not in self.sale_ids:
            self.completed.append(event.receipt_number)
            self.sale_ids[event.receipt_number] = event.sale_id
        elif isinstance(event, Notice) and event.level in ("warning", "error"):
            self.notices.append(event.text.en)

    def print_receipt(self, text: str) -> None:
        self.printed.append(text)

    def states(self) -> dict[str, str]:
        return {"payment": "connected", "printer": "connected"}


def register_of(path: Path) -> tuple[str, str] | None:
    """(register, store) of an existing journal file, None for a new one."""
    if not path.exists():
        return None
    with Database.open(path, readonly=True) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    return meta.get("register_id", "3"), meta.get("store_id", "1001")


def _pick_products(catalog: Catalog, rng: random.Random) -> tuple[list[Product], list[Product]]:
    """Everyday items (no age limit) and weighed ones, from the catalog the till uses."""
    items, weighed = [], []
    for query in ("melk", "brød", "ost", "kaffe", "banan", "eple", "pasta", "kylling", "laks",
                  "smør", "juice", "sjokolade", "tomat", "potet", "yoghurt", "egg"):
        for product in catalog.search(query, 8):
            if (product.age_limit or product.beer_hours or product.deposit_gtin
                    or product.price_embedded):
                continue
            (weighed if product.sold_by_weight else items).append(product)
    rng.shuffle(items)
    return items[:60], weighed[:10]


async def _sell(till: Till, hub: StandInHub, rng: random.Random, items: list[Product],
                weighed: list[Product], summary: DaySummary, *, void: bool) -> int | None:
    """One shopper: lines, sometimes a correction, then cash, card or both; or a void."""
    for product in rng.sample(items, rng.randint(1, 5)):
        _must(till.add_product(product.gtin, rng.choice((1, 1, 1, 2, 3))), "sell", hub)
    if weighed and rng.random() < 0.3:
        till.add_weighed(rng.choice(weighed).gtin, rng.randint(150, 1800))
    view = till.sale
    assert view is not None
    if len(view.lines) > 1 and rng.random() < 0.12:
        till.void_line(view.lines[0].line_id, "feilslag")
    if rng.random() < 0.08:
        till.change_quantity(till.sale.lines[-1].line_id, 2)  # type: ignore[union-attr]
    if void:
        till.void_sale("kunden ombestemte seg")
        summary.voided_sales += 1
        return None
    before = len(hub.printed)
    method = rng.random()
    if method < 0.45:
        till.pay_cash(_tendered(till.sale.cash_due_ore, rng))  # type: ignore[union-attr]
    else:
        if method > 0.93:  # split: some cash first, the rest by card
            till.pay_cash(min(5000, max(100, till.sale.remaining_ore // 2)))  # type: ignore
        if till.sale is not None:
            await _card(till, hub, till.sale.remaining_ore)
    if len(hub.printed) == before or not hub.completed:
        raise RuntimeError(f"the till did not complete the sale: {hub.notices[-3:]}")
    return hub.completed.pop()


def _tendered(due: int, rng: random.Random) -> int:
    """What a shopper hands over: exact, or the next 50/100/200 kroner note."""
    note = rng.choice((0, 5000, 10000, 20000))
    return due if note == 0 else max(due, ((due + note - 1) // note) * note)


async def _card(till: Till, hub: StandInHub, amount: int) -> None:
    request_id = till.pay_card(amount)
    if request_id is None:
        raise RuntimeError(f"the till refused the card payment: {hub.notices[-1:]}")
    await _terminal_answers(till, hub, request_id, amount, "purchase")


async def _terminal_answers(till: Till, hub: StandInHub, request_id: str, amount: int,
                            kind: str) -> None:
    """The terminal's one answer, delivered as the hub delivers it: a device event."""
    n = len(hub.payment.requests)
    await till.handle_device_event(PaymentResult(
        device="payment", outcome="approved", amount_ore=amount,
        transaction_id=f"BAX-{n:06d}", masked_pan=f"************{4000 + n % 5000:04d}",
        reason=None, request_id=request_id, kind=kind))  # type: ignore[arg-type]


def _must(done: object, what: str, hub: StandInHub) -> None:
    if not done:
        raise RuntimeError(f"the till refused to {what}: {hub.notices[-1:]}")


async def _drive(till: Till, hub: StandInHub, sales: int, rng: random.Random,
                 catalog: Catalog, clock: SteppingClock, step: timedelta) -> DaySummary:
    summary = DaySummary()
    items, weighed = _pick_products(catalog, rng)
    till.start(sync=False)
    if till.operator is None:
        _must(till.login(*OPERATORS[0]), "log in", hub)
    _must(till.opening_float(200_000), "record the float", hub)
    training_at = {sales // 2, sales // 2 + 1, sales // 2 + 2}
    for i in range(sales):
        clock.advance(step)
        if i and i % max(1, sales // 2) == 0 and i not in training_at:
            till.logout()
            _must(till.login(*OPERATORS[(i // max(1, sales // 2)) % 2]), "log in", hub)
        if i == min(training_at):
            _must(till.set_training(True), "switch training on", hub)
        number = await _sell(till, hub, rng, items, weighed, summary,
                             void=rng.random() < 0.04 and i not in training_at)
        if i == max(training_at):
            _must(till.set_training(False), "switch training off", hub)
        if number is None:
            continue
        if i in training_at:
            summary.training_sales += 1
        else:
            summary.sales += 1
            summary.receipts.append(number)
        await _around_sales(till, hub, rng, summary, i, sales)
    clock.advance(step)
    _must(till.x_report(), "run the X report", hub)
    summary.x_reports += 1
    expected = x_report(till.journal, till.settings, record=False).cash_expected_ore
    _must(till.count_cash(expected - rng.choice((0, 0, 100, -500))), "count the cash", hub)
    ready = till.z_report()
    _must(ready, "run the Z report", hub)
    summary.z_report = ready.report if ready else None
    till.logout()
    return summary


async def _around_sales(till: Till, hub: StandInHub, rng: random.Random,
                        summary: DaySummary, i: int, sales: int) -> None:
    """What happens between shoppers: copies, returns, price look-ups, the drawer, reports."""
    roll = rng.random()
    uncopied = [nr for nr in summary.receipts if nr not in summary.copied]
    if roll < 0.04 and uncopied:
        nr = rng.choice(uncopied)
        summary.copied.add(nr)
        _must(till.print_copy(hub.sale_ids[nr]), "print a copy", hub)
        summary.copies += 1
        if not till.print_copy(hub.sale_ids[nr]):  # the second copy is refused, as the rules say
            summary.copies_refused += 1
    elif roll < 0.11 and len(summary.receipts) > 3:
        await _return(till, hub, rng, summary)
    elif roll < 0.14:
        product = till.catalog.search("melk", 1)[0]
        _must(till.price_lookup(product.gtin), "look up a price", hub)
        summary.price_lookups += 1
    elif roll < 0.17:
        _must(till.open_drawer("veksle"), "open the drawer", hub)
        summary.no_sale_openings += 1
    if i == sales // 3:
        _must(till.withdraw_cash(100_000, "til safe"), "withdraw cash", hub)
    if i == (2 * sales) // 3:
        _must(till.x_report(), "run the X report", hub)
        summary.x_reports += 1


async def _return(till: Till, hub: StandInHub, rng: random.Random,
                  summary: DaySummary) -> None:
    """A shopper brings goods back with the receipt: some of a line, or all that is left."""
    nr = rng.choice(summary.receipts[:-1])
    code = receipt_code(till.register, nr)
    left = till.returnable(code)
    if not left:
        return
    chosen = None if rng.random() < 0.5 else {left[0].line.line_id: 1}
    before = len(hub.completed)
    number = await till.start_return(code, chosen)
    if number is None and hub.payment.requests:  # a card refund waits for the terminal
        request_id, amount = hub.payment.requests[-1]
        await _terminal_answers(till, hub, request_id, amount, "refund")
    _must(len(hub.completed) > before, "complete the return", hub)
    hub.completed.pop()
    summary.returns += 1


def run_demo_day(path: str | Path, *, sales: int = 200, day: date | None = None,
                 seed: int = 1, settings: StoreSettings | None = None) -> DaySummary:
    """Fill the journal at `path` with a day at the register (created if new)."""
    path = Path(path)
    register, store = register_of(path) or ("3", "1001")
    day = day or datetime.now(OSLO).date()
    start = datetime.combine(day, time(8, 0), OSLO)
    clock = SteppingClock(start, timedelta(seconds=2))
    step = timedelta(seconds=max(20, int(11 * 3600 / max(1, sales))))
    settings = settings or StoreSettings(store_id=store)
    catalog = load_default_catalog()
    hub = StandInHub()
    journal = Journal.open(path, register_id=register, store_id=store, clock=clock)
    till = Till(journal=journal, catalog=catalog, settings=settings, store=store,
                register=register, clock=clock, hub=hub, listener=hub.listen)

    async def run() -> DaySummary:
        try:
            return await _drive(till, hub, sales, random.Random(seed), catalog, clock, step)
        finally:
            await till.aclose()

    return asyncio.run(run())
