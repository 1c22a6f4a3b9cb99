"""The product catalog: lookups by GTIN, PLU and in-store item reference, and name search.

The shipped catalog (`pos/data/catalog.json`, written by
`pos/tools/generate_catalog.py`) is read once per process by
`load_default_catalog()`. The file is plain JSON:

    {"format": "coop-pos-catalog", "version": 1,
     "products": [{"gtin": "7038010000706", "name": "Tine Helmelk 1 l", ...}, ...],
     "offers": [{"offer_id": "...", "gtins": [...], "buy": 3, "pay_for": 2, ...}]}

with product fields as in `Product.to_dict()`. Reading text is the only I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pos.domain.gtin import GtinError, gtin14
from pos.domain.offers import Offer
from pos.domain.product import Product
from pos.domain.search import fold, tokens
from pos.domain.texts import DomainError, T, Text

CATALOG_FORMAT = "coop-pos-catalog"
CATALOG_VERSION = 1


class CatalogError(DomainError):
    code = "catalog_error"


class UnknownProduct(DomainError):
    code = "unknown_product"


class Catalog:
    """Immutable after construction; every index is built once."""

    def __init__(self, products: Iterable[Product], offers: Iterable[Offer] = ()):
        self.products: tuple[Product, ...] = tuple(products)
        self.offers: tuple[Offer, ...] = tuple(offers)
        self._by_key: dict[str, Product] = {}
        self._by_plu: dict[str, Product] = {}
        self._by_item_ref: dict[str, Product] = {}
        for product in self.products:
            _index(self._by_key, product.key, product, "GTIN")
            if product.plu:
                _index(self._by_plu, product.plu, product, "PLU")
            if product.item_ref:
                _index(self._by_item_ref, product.item_ref, product, "item reference")
        self._folded = [(fold(p.name), p) for p in self.products]
        self._check_links()

    def _check_links(self) -> None:
        for product in self.products:
            if product.deposit_gtin and gtin14(product.deposit_gtin) not in self._by_key:
                raise CatalogError(_text(f"{product.gtin}: deposit {product.deposit_gtin} missing"))
        for offer in self.offers:
            missing = sorted(offer.gtins - self._by_key.keys())
            if missing:
                raise CatalogError(_text(f"offer {offer.offer_id}: unknown GTINs {missing[:3]}"))

    def __len__(self) -> int:
        return len(self.products)

    def by_gtin(self, gtin: str) -> Product | None:
        """The product for any GTIN form (8, 12, 13, 14 digits); None if unknown or invalid."""
        try:
            return self._by_key.get(gtin14(gtin))
        except GtinError:
            return None

    def get(self, gtin: str) -> Product:
        """Like `by_gtin` but raises `UnknownProduct` with a message for the cashier."""
        product = self.by_gtin(gtin)
        if product is None:
            raise UnknownProduct(T("product_not_catalog", gtin=gtin))
        return product

    def by_plu(self, plu: str) -> Product | None:
        return self._by_plu.get(plu.strip())

    def by_item_ref(self, item_ref: str) -> Product | None:
        """The product behind an in-store weight or price label's item reference."""
        return self._by_item_ref.get(item_ref)

    def deposit_for(self, product: Product) -> Product | None:
        return self.by_gtin(product.deposit_gtin) if product.deposit_gtin else None

    def search(self, query: str, limit: int = 20) -> list[Product]:
        """Products whose name holds every word of `query` (case/diacritic-insensitive).

        Digits also find a product by PLU or GTIN. Names starting with the first
        word come first, then names with a word starting with it, then the rest;
        alphabetical within each.
        """
        words = tokens(query)
        if not words or limit <= 0:
            return []
        exact = self._by_plu.get(query.strip()) or self.by_gtin(query.strip())
        first = words[0]
        hits = []
        for folded, product in self._folded:
            if all(w in folded for w in words):
                rank = 0 if folded.startswith(first) else 1 if f" {first}" in folded else 2
                hits.append((rank, folded, product))
        hits.sort(key=lambda hit: (hit[0], hit[1]))
        found = [product for _, _, product in hits]
        if exact is not None:
            found = [exact, *(p for p in found if p is not exact)]
        return found[:limit]


def _index(index: dict[str, Product], key: str, product: Product, what: str) -> None:
    if key in index:
        raise CatalogError(_text(f"duplicate {what} {key} ({index[key].name} / {product.name})"))
    index[key] = product


def _text(detail: str) -> Text:
    return T("catalog_error", detail=detail)


def catalog_from_json(text: str) -> Catalog:
    """Parse the catalog file format (see the module docstring)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(_text(f"not JSON: {exc}")) from None
    if not isinstance(data, dict) or data.get("format") != CATALOG_FORMAT:
        raise CatalogError(_text(f"not a {CATALOG_FORMAT} file"))
    if data.get("version") != CATALOG_VERSION:
        raise CatalogError(_text(f"unsupported version {data.get('version')!r}"))
    products, offers = data.get("products", []), data.get("offers", [])
    if not (isinstance(products, list) and isinstance(offers, list)):
        raise CatalogError(_text("products and offers must be lists"))
    return Catalog(
        (Product.from_dict(p) for p in products), (Offer.from_dict(o) for o in offers)
    )


def load_catalog(path: str | Path) -> Catalog:
    return catalog_from_json(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_default_catalog() -> Catalog:
    """The shipped catalog (read once per process; a `Catalog` never changes)."""
    text = resources.files("pos.data").joinpath("catalog.json").read_text(encoding="utf-8")
    return catalog_from_json(text)
