"""From a recognised barcode to a sale line: the catalog lookups the till needs.

`parse_barcode` says what was scanned; `add_scanned` finds the product and
calls the matching `Sale` operation. Member cards and Coopay QR codes are not
sale lines: the till handles them (attach a member, start a Coopay payment)
before calling this, and gets `NotASaleItem` if it does not.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime

from pos.domain.barcode_types import (
    DepositSlipCode,
    ProductCode,
    ScannedCode,
    VariableMeasureCode,
)
from pos.domain.catalog import Catalog, UnknownProduct
from pos.domain.lines import SaleLine
from pos.domain.product import Product
from pos.domain.sale import Sale
from pos.domain.sale_errors import WrongSaleMethod
from pos.domain.texts import DomainError, T


class NotASaleItem(DomainError):
    code = "not_a_sale_item"


class WeightRequired(DomainError):
    """A product sold by weight was scanned without a weight: put it on the scale."""

    code = "weight_required"

    def __init__(self, product: Product):
        super().__init__(
            T("put_on_scale", name=product.name)
        )
        self.product = product


def add_scanned(
    sale: Sale,
    code: ScannedCode,
    catalog: Catalog,
    *,
    now: datetime,
    quantity: int = 1,
    redeemed_slips: Container[str] = frozenset(),
) -> SaleLine:
    """Add what `code` names to `sale`; raises a `DomainError` saying why not."""
    if isinstance(code, DepositSlipCode):
        return sale.redeem_deposit_slip(code, redeemed_slips)
    if isinstance(code, VariableMeasureCode):
        return _add_variable_measure(sale, code, catalog, now)
    if isinstance(code, ProductCode):
        return _add_product_code(sale, code, catalog, now, quantity)
    raise NotASaleItem(
        T("code_not_an_item")
    )


def _add_product_code(
    sale: Sale, code: ProductCode, catalog: Catalog, now: datetime, quantity: int
) -> SaleLine:
    product = catalog.get(code.gtin)
    if product.sold_by_weight:
        if code.weight_g is None:
            raise WeightRequired(product)
        return sale.add_weighed(product, code.weight_g, now=now)
    if product.price_embedded:
        if code.price_ore is None:
            raise WrongSaleMethod(
                T("scan_price_label", name=product.name)
            )
        return sale.add_priced(product, code.price_ore, now=now)
    return sale.add_product(product, quantity, now=now)


def _add_variable_measure(
    sale: Sale, code: VariableMeasureCode, catalog: Catalog, now: datetime
) -> SaleLine:
    product = catalog.by_item_ref(code.item_ref)
    if product is None:
        raise UnknownProduct(
            T("in_store_item_unknown", item_ref=code.item_ref)
        )
    if code.weight_g is not None and product.sold_by_weight:
        return sale.add_weighed(product, code.weight_g, now=now)
    if code.price_ore is not None and product.price_embedded:
        return sale.add_priced(product, code.price_ore, now=now)
    raise WrongSaleMethod(
        T("label_does_not_fit", name=product.name)
    )
