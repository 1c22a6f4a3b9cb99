"""Write the shipped catalog: `python -m pos.tools.generate_catalog [--out PATH]`.

Deterministic: one seeded `random.Random`, families expanded in file order, and
a fixed JSON layout (one product per line), so re-running produces the
identical file (a test holds it to that). GTINs: each brand owns a 7-digit
Norwegian company prefix (70xxxxx, fixed for the demo brands, otherwise derived
from the brand name so adding a family does not renumber another brand), then a
5-digit item number and the GS1 check digit. Every product is built as a
`Product`, so the file cannot hold an invalid GTIN, price or VAT rate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

from pos.data import demo_products as demo
from pos.data.families import FOOD, NON_FOOD, Family
from pos.data.fixed_products import (
    COUNTER_WEIGHT,
    DEMO_PRODUCTS,
    FIXED_ITEMS,
    LABEL_PRICED,
    LOOSE_PRODUCE,
)
from pos.domain.age import AGE_LIMITED_GROUPS, age_limit_for_abv, beer_hours_apply
from pos.domain.catalog import CATALOG_FORMAT, CATALOG_VERSION, Catalog
from pos.domain.groups import PRODUCT_GROUPS
from pos.domain.gtin import make_gtin
from pos.domain.offers import Offer
from pos.domain.product import Product, Unit

SEED = 20250314
OUT = Path(__file__).resolve().parents[1] / "data" / "catalog.json"
BRAND_PREFIXES = {
    "Tine": "7038010", "Gilde": "7037203", "Ringnes": "7044610", "Aass": "7021110",
    "General": "7049490", "Coca-Cola": "7044230", "Bakehuset": "7040913", "Paracet": "7046510",
    "Grandiosa": "7038101", "Coop": "7040000",
}
MEMBER_PRICE_GROUPS = frozenset(
    {"meieri", "frukt_gront", "brod", "kjott", "fisk", "palegg", "torrvarer", "frysevarer",
     "snacks", "drikke", "husholdning", "hygiene", "dyremat"}
)
GTIN8_FAMILY_ITEMS = frozenset({"Tyggegummi", "Pastiller", "Drops", "Lakris"})


class GtinAllocator:
    """Hands out unused GTINs per brand; GTINs already taken (demo products) are skipped."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.next_item: dict[str, int] = {}
        self.prefixes: dict[str, str] = dict(BRAND_PREFIXES)
        self.next_gtin8 = 10000

    def prefix(self, brand: str) -> str:
        if brand not in self.prefixes:
            digest = int(hashlib.sha256(brand.encode()).hexdigest(), 16)
            candidate = 7000000 + digest % 100000
            while f"{candidate}" in self.prefixes.values():
                candidate = 7000000 + (candidate + 1) % 100000
            self.prefixes[brand] = f"{candidate}"
        return self.prefixes[brand]

    def gtin13(self, brand: str) -> str:
        prefix = self.prefix(brand)
        while True:
            item = self.next_item.get(prefix, 100)
            self.next_item[prefix] = item + 1
            gtin = make_gtin(f"{prefix}{item:05d}")
            if gtin not in self.taken:
                self.taken.add(gtin)
                return gtin

    def gtin8(self) -> str:
        while True:
            self.next_gtin8 += 1
            gtin = make_gtin(f"70{self.next_gtin8:05d}")
            if gtin not in self.taken:
                self.taken.add(gtin)
                return gtin


def shelf_price(rng: random.Random, price_kr: tuple[int, int], multiplier: int) -> int:
    """A price in øre ending in ,90 (how Norwegian shelves price), scaled for the size."""
    base = rng.randint(price_kr[0] * 100, price_kr[1] * 100) * multiplier // 100
    return max(990, base // 100 * 100 + 90)


def member_price(price_ore: int) -> int:
    """About 15 % off, still ending in ,90, always below the price."""
    return min(price_ore - 100, (price_ore * 85 // 100) // 100 * 100 + 90)


def expand(family: Family, rng: random.Random) -> Iterator[tuple[str, str, tuple]]:
    """(brand, name, size) for the family's kept combinations, in a stable order."""
    combos = [
        (brand, " ".join(p for p in (brand, item, variant, size[0]) if p), size)
        for brand in family.brands
        for item in family.items
        for variant in family.variants
        for size in family.sizes
    ]
    if family.limit is not None and len(combos) > family.limit:
        keep = sorted(rng.sample(range(len(combos)), family.limit))
        combos = [combos[i] for i in keep]
    yield from combos


def family_products(
    family: Family, rng: random.Random, gtins: GtinAllocator
) -> Iterator[Product]:
    group = PRODUCT_GROUPS[family.group]
    for brand, name, (_, multiplier, volume) in expand(family, rng):
        abv = None
        if family.abv_centi is not None:
            abv = rng.randrange(family.abv_centi[0], family.abv_centi[1] + 1, 10)
        price = shelf_price(rng, family.price_kr, multiplier)
        age = age_limit_for_abv(abv) or AGE_LIMITED_GROUPS.get(family.group)
        deposit = None
        if family.deposit and volume is not None:
            deposit = demo.PANT_2 if volume <= 500 else demo.PANT_3
        small = any(word in name for word in GTIN8_FAMILY_ITEMS)
        gets_member_price = family.group in MEMBER_PRICE_GROUPS and rng.random() < 0.05
        yield Product(
            gtin=gtins.gtin8() if small else gtins.gtin13(brand),
            name=name,
            price_ore=price,
            vat_rate=family.vat_rate if family.vat_rate is not None else group.vat_rate,
            group=family.group,
            deposit_gtin=deposit,
            age_limit=age,
            beer_hours=beer_hours_apply(abv),
            member_price_ore=member_price(price) if gets_member_price else None,
            abv_centi=abv,
            volume_ml=volume,
            dividend_excluded=family.dividend_excluded,
            brand=brand,
        )


def fixed_products(gtins: GtinAllocator) -> Iterator[Product]:
    """Loose produce (PLU), counter items (weight labels), label-priced items, the rest."""
    for name, plu, price in LOOSE_PRODUCE:
        yield Product(gtins.gtin13("Coop"), f"{name} løsvekt", price, 15, "frukt_gront",
                      unit=Unit.KG, plu=plu, brand="Coop")
    for item_ref, name, group, price in COUNTER_WEIGHT:
        yield Product(gtins.gtin13("Coop"), name, price, 15, group, unit=Unit.KG,
                      item_ref=item_ref, brand="Coop")
    for item_ref, name, group, price in LABEL_PRICED:
        yield Product(gtins.gtin13("Coop"), name, price, 15, group, item_ref=item_ref,
                      brand="Coop")
    for name, group, vat, price, excluded in FIXED_ITEMS:
        yield Product(gtins.gtin13("Coop"), name, price, vat, group,
                      dividend_excluded=excluded, brand="Coop")


def build_products() -> list[Product]:
    rng = random.Random(SEED)
    products = [Product.from_dict(d) for d in DEMO_PRODUCTS]
    gtins = GtinAllocator({p.gtin for p in products})
    names = {p.name for p in products}
    generated = [
        *fixed_products(gtins),
        *(p for family in FOOD + NON_FOOD for p in family_products(family, rng, gtins)),
    ]
    for product in generated:
        if product.name not in names:
            names.add(product.name)
            products.append(product)
    return products


def build_offers(products: list[Product]) -> list[Offer]:
    """A handful of multi-buy offers, chosen by name so they follow the generated catalog."""

    def matching(*words: str, group: str | None = None) -> frozenset[str]:
        return frozenset(
            p.gtin for p in products
            if all(w in p.name for w in words) and (group is None or p.group == group)
        )

    return [
        Offer(demo.YOGHURT_OFFER, "Tine Yoghurt 125 g", matching("Tine Yoghurt", "125 g"),
              buy=3, pay_for=2),
        Offer(demo.PIZZA_OFFER, "Grandiosa", matching("Grandiosa", "1 stk"), buy=3,
              bundle_price_ore=10000, members_only=True),
        Offer("sorlandschips-2for50", "Sørlandschips 200 g", matching("Sørlandschips", "200 g"),
              buy=2, bundle_price_ore=5000),
        Offer("brus-05-4for3", "brus 0,5 l", matching("0,5 l flaske", group="drikke"),
              buy=4, pay_for=3),
        Offer("freia-200-2for60", "Freia 200 g", matching("Freia", "200 g"), buy=2,
              bundle_price_ore=6000),
        Offer("felix-85-3for2", "Felix 85 g", matching("Felix", "85 g"), buy=3, pay_for=2),
        Offer("friele-250-2for109", "Friele 250 g", matching("Friele", "250 g"), buy=2,
              bundle_price_ore=10900),
    ]


def render(products: list[Product], offers: list[Offer]) -> str:
    """The catalog file: stable key order, one product or offer per line."""

    def line(obj: dict) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))

    head = {"format": CATALOG_FORMAT, "version": CATALOG_VERSION, "seed": SEED}
    parts = [line(head)[:-1] + ",", ' "products": [']
    parts.append(",\n".join(f"  {line(p.to_dict())}" for p in products))
    parts.append(' ],\n "offers": [')
    parts.append(",\n".join(f"  {line(o.to_dict())}" for o in offers))
    parts.append(" ]\n}\n")
    return "\n".join(parts)


def generate() -> str:
    products = build_products()
    offers = build_offers(products)
    Catalog(products, offers)  # the same checks a loader makes: unique keys, links, offers
    return render(products, offers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos.tools.generate_catalog")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    args = parser.parse_args(argv)
    text = generate()
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
