"""A realistic day at one register, driven through the till engine: for testers and auditors.

    summary = run_demo_day(path, sales=200, day=date(2024, 5, 2), seed=7)

Everything goes through the till's own commands (`pos.till.engine.Till`): login
and operator changes, items by GTIN, weighed items, quantity changes, voided
lines, cash with rounding and change, bank card through the payment event
path, split payments, voided sales, the receipt copy (and the refused second
copy), returns by the receipt's barcode refunded to the original tender,
training mode, price look-ups, float, no-sale drawer openings, withdrawal,
cash count, X and Z reports. No row is written by hand.

The devices are the virtual rig's payment terminal and printer emulators on
ptys behind the real `DeviceHub` (or an in-process stand-in: `devices="stand-in"`,
see `demo_devices.py`); their events reach the till through
`Till.handle_device_event`, as in the UI. The clock is a `SteppingClock` over
the chosen day (08:00 → about 19:00), so the day is reproducible from its seed.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pos.compliance.ledger import register_of
from pos.compliance.reports import Report, x_report
from pos.compliance.returns import receipt_code
from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.clock import OSLO, SteppingClock
from pos.domain.product import Product
from pos.domain.settings import StoreSettings
from pos.journal import Journal
from pos.till.engine import Till
from pos.tools.demo_devices import DayListener, day_devices

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


@dataclass
class Day:
    """The driver's state: the till, what it told us, the device events still to hand over."""

    till: Till
    seen: DayListener
    inbox: asyncio.Queue
    rng: random.Random
    summary: DaySummary = field(default_factory=DaySummary)

    def must(self, done: object, what: str) -> None:
        if not done:
            raise RuntimeError(f"the till refused to {what}: {self.seen.notices[-1:]}")

    async def settle(self, done: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
        """Hand device events to the till (as the UI does) until `done()`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not done():
            left = deadline - loop.time()
            if left <= 0:
                raise RuntimeError(f"timed out waiting to {what}: {self.seen.notices[-3:]}")
            try:
                event = await asyncio.wait_for(self.inbox.get(), left)
            except TimeoutError:
                continue
            await self.till.handle_device_event(event)

    async def completes(self, action: Callable[[], Any], what: str) -> int:
        """Run `action` (a payment, a return) and wait for its receipt; its number."""
        before = len(self.seen.completed)
        result = action()
        if asyncio.iscoroutine(result):
            await result
        await self.settle(lambda: len(self.seen.completed) > before, what)
        return self.seen.completed[-1]


async def _sell(day: Day, items: list[Product], weighed: list[Product], *,
                void: bool) -> int | None:
    """One shopper: lines, sometimes a correction, then cash, card or both; or a void."""
    till, rng = day.till, day.rng
    for product in rng.sample(items, rng.randint(1, 5)):
        day.must(till.add_product(product.gtin, rng.choice((1, 1, 1, 2, 3))), "sell")
    if weighed and rng.random() < 0.3:
        day.must(till.add_weighed(rng.choice(weighed).gtin, rng.randint(150, 1800)), "weigh")
    view = till.sale
    assert view is not None
    if len(view.lines) > 1 and rng.random() < 0.12:
        day.must(till.void_line(view.lines[0].line_id, "feilslag"), "void a line")
    countable = [line for line in till.sale.lines  # type: ignore[union-attr]
                 if line.kind == "item" and line.weight_g is None and not line.voided]
    if countable and rng.random() < 0.08:
        day.must(till.change_quantity(countable[-1].line_id, 2), "change a quantity")
    if rng.random() < 0.04:  # the shopper wants to see it on paper before paying
        day.must(till.print_provisional(), "print a provisional receipt")
    if void:
        till.void_sale("kunden ombestemte seg")
        day.summary.voided_sales += 1
        return None
    method = rng.random()
    if method < 0.45:
        due = till.sale.cash_due_ore  # type: ignore[union-attr]
        return await day.completes(lambda: till.pay_cash(_tendered(due, rng)), "pay cash")
    if method > 0.93:  # split: some cash first, the rest by card
        half = min(5000, max(100, till.sale.remaining_ore // 2))  # type: ignore[union-attr]
        till.pay_cash(half)
    return await day.completes(lambda: till.pay_card(), "pay by card")


def _tendered(due: int, rng: random.Random) -> int:
    """What a shopper hands over: exact, or the next 50/100/200 kroner note."""
    note = rng.choice((0, 5000, 10000, 20000))
    return due if note == 0 else max(due, ((due + note - 1) // note) * note)


async def _drive(day: Day, sales: int, catalog: Catalog, clock: SteppingClock,
                 step: timedelta) -> DaySummary:
    till, summary = day.till, day.summary
    items, weighed = _pick_products(catalog, day.rng)
    till.start(sync=False)
    if till.operator is None:
        day.must(till.login(*OPERATORS[0]), "log in")
    day.must(till.opening_float(200_000), "record the float")
    training_at = {sales // 2, sales // 2 + 1, sales // 2 + 2}
    for i in range(sales):
        clock.advance(step)
        if i and i in (sales // 4, (3 * sales) // 4):  # the shift changes
            other = OPERATORS[1] if till.operator.operator_id == "1" else OPERATORS[0]  # type: ignore[union-attr]
            till.logout()
            day.must(till.login(*other), "log in")
        if i == min(training_at):
            day.must(till.set_training(True, supervisor_id="1", pin="1234"), "train")
        number = await _sell(day, items, weighed,
                             void=day.rng.random() < 0.04 and i not in training_at)
        if i == max(training_at):
            day.must(till.set_training(False, supervisor_id="1", pin="1234"), "stop training")
        if number is None:
            continue
        if i in training_at:
            summary.training_sales += 1
        else:
            summary.sales += 1
            summary.receipts.append(number)
        await _around_sales(day, i, sales)
    clock.advance(step)
    day.must(till.x_report(), "run the X report")
    summary.x_reports += 1
    expected = x_report(till.journal, till.settings, record=False).cash_expected_ore
    day.must(till.count_cash(expected - day.rng.choice((0, 0, 100, -500))), "count the cash")
    ready = till.z_report()
    day.must(ready, "run the Z report")
    summary.z_report = ready.report if ready else None
    till.logout()
    return summary


async def _around_sales(day: Day, i: int, sales: int) -> None:
    """What happens between shoppers: copies, returns, price look-ups, the drawer, reports."""
    till, summary, rng = day.till, day.summary, day.rng
    roll = rng.random()
    uncopied = [nr for nr in summary.receipts if nr not in summary.copied]
    if roll < 0.04 and uncopied:
        nr = rng.choice(uncopied)
        summary.copied.add(nr)
        day.must(till.print_copy(day.seen.sale_ids[nr]), "print a copy")
        summary.copies += 1
        if not till.print_copy(day.seen.sale_ids[nr]):  # refused, as the rules say
            summary.copies_refused += 1
    elif roll < 0.11 and len(summary.receipts) > 3:
        await _return(day)
    elif roll < 0.14:
        product = till.catalog.search("melk", 1)[0]
        day.must(till.price_lookup(product.gtin), "look up a price")
        summary.price_lookups += 1
    elif roll < 0.17:
        day.must(till.open_drawer("veksle"), "open the drawer")
        summary.no_sale_openings += 1
    if i == sales // 3:
        day.must(till.withdraw_cash(100_000, "til safe"), "withdraw cash")
    if i == (2 * sales) // 3:
        day.must(till.x_report(), "run the X report")
        summary.x_reports += 1


async def _return(day: Day) -> None:
    """A shopper brings goods back with the receipt: some of a line, or all that is left."""
    till = day.till
    nr = day.rng.choice(day.summary.receipts[:-1])
    code = receipt_code(till.register, nr)
    left = till.returnable(code)
    if not left:
        return
    chosen = None if day.rng.random() < 0.5 else {left[0].line.line_id: 1}
    await day.completes(lambda: till.start_return(code, chosen), "return goods")
    day.summary.returns += 1


def run_demo_day(path: str | Path, *, sales: int = 200, day: date | None = None,
                 seed: int = 1, settings: StoreSettings | None = None,
                 devices: str = "rig") -> DaySummary:
    """Fill the journal at `path` with a day at the register (created if new)."""
    path = Path(path)
    register, store = register_of(path) or ("3", "1001")
    day = day or datetime.now(OSLO).date()
    start = datetime.combine(day, time(8, 0), OSLO)
    clock = SteppingClock(start, timedelta(seconds=2))
    step = timedelta(seconds=max(20, int(11 * 3600 / max(1, sales))))
    settings = settings or StoreSettings(store_id=store)
    catalog = load_default_catalog()

    async def run() -> DaySummary:
        inbox: asyncio.Queue = asyncio.Queue()
        async with day_devices(devices, inbox, seed=seed) as hub:
            seen = DayListener()
            journal = Journal.open(path, register_id=register, store_id=store, clock=clock)
            till = Till(journal=journal, catalog=catalog, settings=settings, store=store,
                        register=register, clock=clock, hub=hub, listener=seen.listen)
            try:
                return await _drive(Day(till, seen, inbox, random.Random(seed)), sales,
                                    catalog, clock, step)
            finally:
                await till.aclose()

    return asyncio.run(run())
