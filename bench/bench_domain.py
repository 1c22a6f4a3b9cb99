"""The sale domain's speed, each figure beside the floor it cannot beat in the same run.

- catalog load: building the `Catalog` from the shipped file vs `json.loads` of it;
- parse_barcode: one EAN-13 vs the bare check-digit computation it must do anyway;
- a 200-line sale: the cost of one more scan (totals, offers and VAT recomputed)
  vs one `compute_totals` over the same lines, which every change needs;
- replay of that sale from JSON-decoded operations vs building it live;
- receipt: building and rendering the receipt of that sale.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from zoneinfo import ZoneInfo

from bench.common import Result, percentile
from pos.data import demo_products as demo
from pos.domain.barcodes import parse_barcode
from pos.domain.catalog import Catalog, catalog_from_json, load_default_catalog
from pos.domain.member import MemberRef
from pos.domain.operations import operation_from_dict, operation_to_dict
from pos.domain.receipt import build_receipt
from pos.domain.receipt_text import render_receipt
from pos.domain.sale import Sale
from pos.domain.totals import compute_totals
from pos.formats.checkdigits import is_valid_gs1

NOW = datetime(2025, 3, 14, 15, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def _best_of(fn: Callable[[], object], repeats: int) -> float:
    """Fastest wall time of `repeats` runs, in seconds (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _per_call_us(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def _big_sale(catalog: Catalog, lines: int) -> Sale:
    sale = Sale.open("bench-sale", NOW, offers=catalog.offers, catalog=catalog)
    sale.attach_member(MemberRef("bench", "************7110"))
    counted = [p for p in catalog.products if not (p.sold_by_weight or p.price_embedded)]
    for i in range(lines):
        product = counted[(i * 37) % len(counted)]
        if product.beer_hours or product.age_limit:
            product = catalog.get(demo.YOGHURT)
        sale.add_product(product, 1 + i % 3, now=NOW)
    return sale


def run(quick: bool) -> list[Result]:
    repeats = 3 if quick else 10
    text = resources.files("pos.data").joinpath("catalog.json").read_text(encoding="utf-8")
    load = _best_of(lambda: catalog_from_json(text), repeats)
    raw = _best_of(lambda: json.loads(text), repeats)
    catalog = load_default_catalog()

    calls = 2_000 if quick else 20_000
    parse_us = _per_call_us(lambda: parse_barcode(demo.MILK, "ean13"), calls)
    check_us = _per_call_us(lambda: is_valid_gs1(demo.MILK), calls)
    samples = []
    for code in (demo.CHEESE_452_G, demo.DEPOSIT_SLIP_25_KR, "(01)07038010000706(3103)000452"):
        samples.append(_per_call_us(lambda c=code: parse_barcode(c), calls // 4))

    size = 200
    sale = _big_sale(catalog, size)
    stored = json.dumps([operation_to_dict(op) for op in sale.operations])
    one_more = []
    for _ in range(20 if quick else 100):
        start = time.perf_counter()
        line = sale.add_product(catalog.get(demo.MILK), now=NOW)
        one_more.append(time.perf_counter() - start)
        sale.void_line(line.line_id)
    live = list(sale.lines)
    recompute = _best_of(
        lambda: compute_totals(live, sale.offers, member_prices=True, settings=sale.settings),
        repeats,
    )
    build = _best_of(lambda: _big_sale(catalog, size), max(1, repeats // 3))
    replay = _best_of(
        lambda: Sale.replay([operation_from_dict(d) for d in json.loads(stored)]),
        max(1, repeats // 3),
    )
    sale.add_tender("card", sale.remaining_ore, now=NOW, reference="B1")
    receipt = _best_of(
        lambda: render_receipt(build_receipt(sale, receipt_number=1, issued_at=NOW,
                                             register_id="1", operator="bench")),
        repeats,
    )
    return [
        Result("catalog load", load * 1e3, "ms", raw * 1e3, "json.loads of the file",
               extra={"products": len(catalog), "bytes": len(text.encode())}),
        Result("parse_barcode EAN-13", parse_us, "µs/call", check_us, "GS1 check digit alone"),
        Result("parse_barcode in-store/GS1 (mean)", sum(samples) / len(samples), "µs/call",
               check_us, "GS1 check digit alone"),
        Result(f"scan into a {size}-line sale (p50)", percentile(one_more, 50) * 1e3, "ms",
               recompute * 1e3, "one compute_totals of the sale",
               extra={"p95_ms": percentile(one_more, 95) * 1e3, "lines": len(live)}),
        Result(f"replay {size}-line sale from JSON", replay * 1e3, "ms", build * 1e3,
               "building it live", extra={"operations": len(json.loads(stored))}),
        Result("receipt build + render", receipt * 1e3, "ms"),
    ]
