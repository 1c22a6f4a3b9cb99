"""A realistic day at one register, driven through the till engine: for testers and auditors.

    summary = run_demo_day(path, sales=200, day=date(2024, 5, 2), seed=7)

Everything goes through the same code the till runs (`pos.till.engine.Till`:
login, scanning by GTIN/PLU, weighed items, quantity changes, voided lines,
age checks, cash with rounding and change, bank card through the payment
event path, voided sales, suspend/resume) and through the compliance
functions the till's screens call (receipt copy, returns by receipt number,
training mode, cash float/no-sale/withdrawal/count, X and Z reports). No row is
written by hand.

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
from pos.compliance import cash, returns
from pos.compliance.receipts import print_copy, print_receipt
from pos.compliance.reports import Report, x_report, z_report
from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.product import Product
from pos.domain.settings import StoreSettings
from pos.journal import CopyLimitReached, Journal
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


class StandInTerminal:
    """Approves every card request; the till hears it as a device event, as from the hub."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, int]] = []

    def purchase(self, amount_ore: int, *, request_id: str) -> None:
        self.requests.append((request_id, amount_ore))

    def cancel(self) -> bool:
        return False


class StandInHub:
    """The parts of the device hub the engine uses: a terminal and a printer (a list)."""

    def __init__(self) -> None:
        self.payment = StandInTerminal()
        self.printed: list[str] = []
        self.completed: list[int] = []
        self.notices: list[str] = []

    def listen(self, event: Any) -> None:
        """The till's listener: receipt numbers of completed sales, refusals for errors."""
        if isinstance(event, ReceiptReady):
            self.completed.append(event.receipt_number)
        elif isinstance(event, Notice) and event.level == "error":
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
            if product.age_limit or product.beer_hours or product.deposit_gtin:
                continue
            (weighed if product.sold_by_weight else items).append(product)
    rng.shuffle(items)
    return items[:60], weighed[:10]


async def _sell(till: Till, hub: StandInHub, rng: random.Random, items: list[Product],
                weighed: list[Product], summary: DaySummary, *, void: bool) -> int | None:
    """One shopper: lines, sometimes a correction, then cash, card or both; or a void."""
    for product in rng.sample(items, rng.randint(1, 5)):
        till.add_product(product.gtin, rng.choice((1, 1, 1, 2, 3)))
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
        raise RuntimeError("the till refused the card payment")
    n = len(hub.payment.requests)
    await till.handle_device_event(PaymentResult(
        device="payment", outcome="approved", amount_ore=amount,
        transaction_id=f"BAX-{n:06d}", masked_pan=f"************{4000 + n % 5000:04d}",
        reason=None, request_id=request_id))


async def _drive(till: Till, hub: StandInHub, sales: int, rng: random.Random,
                 catalog: Catalog, clock: SteppingClock, step: timedelta) -> DaySummary:
    summary = DaySummary()
    items, weighed = _pick_products(catalog, rng)
    journal = till.journal
    till.start(sync=False)
    if journal.operator_id is None:
        till.login(*OPERATORS[0])
    cash.opening_float(journal, 200_000)
    training_at = {sales // 2, sales // 2 + 1, sales // 2 + 2}
    for i in range(sales):
        clock.advance(step)
        if i and i % max(1, sales // 2) == 0 and i not in training_at:
            till.logout()
            till.login(*OPERATORS[(i // max(1, sales // 2)) % 2])
        if i == min(training_at):
            journal.set_training(True)
        number = await _sell(till, hub, rng, items, weighed, summary,
                             void=rng.random() < 0.04 and i not in training_at)
        if i == max(training_at):
            journal.set_training(False)
        if number is None:
            continue
        if i in training_at:
            summary.training_sales += 1
        else:
            summary.sales += 1
            summary.receipts.append(number)
        await _around_sales(till, hub, rng, summary, i, sales)
    clock.advance(step)
    x_report(journal)
    summary.x_reports += 1
    expected = x_report(journal, record=False).cash_expected_ore
    cash.count_cash(journal, expected - rng.choice((0, 0, 100, -500)))
    summary.z_report = z_report(journal, till.settings)
    till.logout()
    return summary


async def _around_sales(till: Till, hub: StandInHub, rng: random.Random,
                        summary: DaySummary, i: int, sales: int) -> None:
    """What happens between shoppers: copies, returns, price look-ups, the drawer, reports."""
    journal = till.journal
    roll = rng.random()
    if roll < 0.04 and summary.receipts:
        nr = rng.choice(summary.receipts)
        try:
            print_copy(journal, nr, settings=till.settings)
            summary.copies += 1
            print_copy(journal, nr, settings=till.settings)
        except CopyLimitReached:
            summary.copies_refused += 1
    elif roll < 0.11 and len(summary.receipts) > 3:
        nr = rng.choice(summary.receipts[:-1])
        try:
            plan = returns.plan_return(returns.read_ledger(journal), nr)
        except returns.ReturnRefused:
            return
        whole = rng.random() < 0.5
        first = plan.lines[0][0]
        chosen = None if whole else {first.line_id: 1}
        done = returns.return_by_receipt(
            journal, returns.receipt_code(journal.register_id, nr), chosen)
        assert done.cash is not None
        print_receipt(journal, done.cash.nr, hub.print_receipt, settings=till.settings)
        summary.returns += 1
    elif roll < 0.14:
        product = till.catalog.search("melk", 1)[0]
        till.price_lookup(product.gtin)
        summary.price_lookups += 1
    elif roll < 0.17:
        cash.no_sale(journal, "veksle")
        summary.no_sale_openings += 1
    if i == sales // 3:
        cash.withdraw(journal, 100_000, "til safe")
    if i == (2 * sales) // 3:
        x_report(journal)
        summary.x_reports += 1


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
