"""What a journaled price lookup was about: the article's group and price without VAT.

Why: SAF-T's PRICELOOKUP event and the report's price inquiries name the
article group and the price, and the till journals a lookup as the product's
GTIN and price only. The group and VAT rate come from the payload when the till
recorded them, else from the product catalogue the till sells from.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.product import Product
from pos.domain.vat import vat_included

UNKNOWN_GROUP = "ukjent"


@functools.cache
def _catalog() -> Catalog:
    return load_default_catalog()


def _product(payload: Mapping[str, Any]) -> Product | None:
    gtin = payload.get("gtin")
    return _catalog().by_gtin(gtin) if isinstance(gtin, str) else None


def article_group(payload: Mapping[str, Any]) -> str:
    """The product group of a looked-up article (`UNKNOWN_GROUP` when it cannot be told)."""
    if isinstance(payload.get("group"), str):
        return payload["group"]
    product = _product(payload)
    return product.group if product else UNKNOWN_GROUP


def article_vat_rate(payload: Mapping[str, Any]) -> int | None:
    if isinstance(payload.get("vat_rate"), int):
        return payload["vat_rate"]
    product = _product(payload)
    return product.vat_rate if product else None


def price_ex_vat(price_ore: int, vat_rate: int) -> int:
    return price_ore - vat_included(price_ore, vat_rate)
