"""What demo items weigh, for the scales: the bagging area's expected weights and scale tares.

Why a table beside the catalog and not a field of `Product`: a product's sale
rules do not depend on its packed weight, and a product snapshot is journaled with
every line; the lane looks the weight up when it needs it. Items not listed have
no known weight: the bagging area does not check them (by default).

- `ITEM_WEIGHTS`: the packed weight of one item in grams and how far a bagging
  scale may read off it (tolerance in grams; packaging and the scale's own
  division vary).
- `TARES_G`: a product's tare for the till's scale (Dialog 06 record 03), e.g. the
  deli counter's paper; the scale reports the net weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.data import demo_products as demo


@dataclass(frozen=True)
class ItemWeight:
    grams: int
    tolerance_g: int

    def __post_init__(self) -> None:
        if self.grams <= 0 or self.tolerance_g < 0:
            raise ValueError("an item weighs more than nothing; tolerances are not negative")


def _key(gtin: str) -> str:
    return gtin.zfill(14)


ITEM_WEIGHTS: dict[str, ItemWeight] = {
    _key(gtin): ItemWeight(grams, tolerance)
    for gtin, grams, tolerance in (
        (demo.MILK, 1_040, 30),
        (demo.BREAD, 760, 40),
        (demo.BEER, 530, 20),
        (demo.LIGHT_BEER, 530, 20),
        (demo.SNUS, 40, 10),
        (demo.YOGHURT, 135, 10),
        (demo.MINCE, 410, 15),
        (demo.PARACET, 20, 10),
        (demo.NEWSPAPER, 250, 60),
        (demo.GUM_GTIN8, 30, 10),
        (demo.PIZZA, 590, 25),
        (demo.COLA_1_5L, 1_590, 40),
        (demo.COLA_0_5L, 540, 20),
    )
}

TARES_G: dict[str, int] = {
    _key(demo.CHEESE_BY_WEIGHT): 6,  # the deli counter's wax paper
}


def item_weight(key: str) -> ItemWeight | None:
    """The packed weight of a product (by GTIN or catalog key), None when unknown."""
    return ITEM_WEIGHTS.get(_key(key))


def tare_g(key: str) -> int | None:
    """The product's tare for the till's scale, None when it has none."""
    return TARES_G.get(_key(key))
