"""Lines of a sale: scans and typed codes, PLU and name search, weights, quantities, voids, age.

One path for every code: a device scan and a typed code both go through
`scan` (typed input first through `enter_code`, which understands the `3*`
quantity prefix and PLUs). What a code is decides what happens: an item or a
weight/price label becomes a line; a deposit slip a negative line (once: the
durable registry of redeemed slips is asked, and written in the same commit);
a member card attaches the member; a Coopay QR pays. An unknown code says so
and offers a way on (`UnknownCode`: price lookup by name/PLU, or skip).
"""

from __future__ import annotations

import re

from pos.domain.barcode_types import (
    BarcodeError,
    CoopayCode,
    DepositSlipCode,
    MemberCardCode,
)
from pos.domain.barcodes import parse_barcode
from pos.domain.catalog import UnknownProduct
from pos.domain.product import Product
from pos.domain.scanning import WeightRequired, add_scanned
from pos.domain.texts import DomainError, Text
from pos.journal import EventType
from pos.till.core import TillError, async_command, command
from pos.till.events import NeedsAgeCheck, QuantityArmed, UnknownCode, WeightNeeded
from pos.till.payments import PaymentFlow

QUANTITY_PREFIX = re.compile(r"^\s*(\d{1,3})\s*\*\s*(.*)$", re.DOTALL)
MAX_PLU_DIGITS = 5


class _RedeemedSlips:
    """`slip_id in redeemed` asks the durable registry (the domain takes any container)."""

    def __init__(self, till: LineFlow) -> None:
        self._till = till

    def __contains__(self, slip_id: object) -> bool:
        return isinstance(slip_id, str) and self._till.slips.is_redeemed(slip_id)



class LineFlow(PaymentFlow):
    _quantity: int | None = None
    """The pending `3*` quantity prefix for the next item."""

    def search(self, query: str, limit: int = 20) -> list[Product]:
        """Products by name, PLU or GTIN (loose produce, price lookup)."""
        return self.catalog.search(query, limit)

    @command
    def price_lookup(self, key: str) -> Product | None:
        """Look up a product's price without selling it (journaled, the regulation asks)."""
        product = self.catalog.by_gtin(key) or self.catalog.by_plu(key)
        if product is None:
            raise UnknownProduct(Text(f"Fant ingen vare {key}.", f"No product {key}."))
        self.journal.append(EventType.PRICE_LOOKUP, {"gtin": product.gtin,
                                                     "price_ore": product.price_ore})
        return product

    @async_command
    async def enter_code(self, text: str) -> None:
        """Typed input: `3*` (quantity for the next item), `3*CODE`, a PLU, or a barcode."""
        match = QUANTITY_PREFIX.match(text)
        if match:
            self.set_quantity_prefix(int(match.group(1)))
            text = match.group(2)
            if not text.strip():
                return
        text = text.strip()
        if text.isdigit() and len(text) <= MAX_PLU_DIGITS:
            product = self.catalog.by_plu(text)
            if product is None:
                self._disarm()
                self._unknown(text, Text(f"Ukjent PLU {text}.", f"Unknown PLU {text}."), None)
                return
            self.add_product(product.key, self._take_quantity())
            return
        await self.scan(text, None)

    @command
    def set_quantity_prefix(self, quantity: int | None) -> None:
        """`3*`: the next item is added 3 times (None clears it)."""
        if quantity is not None and not 1 <= quantity <= self.settings.max_quantity:
            raise TillError(Text(f"Antall må være 1–{self.settings.max_quantity}.",
                                 f"Quantity must be 1–{self.settings.max_quantity}."))
        self._quantity = quantity
        self.emit(QuantityArmed(quantity))

    def _take_quantity(self) -> int:
        quantity = self._quantity or 1
        self._disarm()
        return quantity

    def _disarm(self) -> None:
        if self._quantity is not None:
            self._quantity = None
            self.emit(QuantityArmed(None))

    @async_command
    async def scan(self, data: str, symbology: str | None = None, *,
                   device: str | None = None) -> None:
        """A barcode from a scanner or typed: item, weight/price label, slip, card or Coopay."""
        self.require_operator()
        quantity = self._take_quantity()
        try:
            code = parse_barcode(data, symbology, layout=self.settings.in_store_layout,
                                 card_format=self.settings.member_card_format)
        except BarcodeError as error:
            self._unknown(data, error.text, device)
            return
        if isinstance(code, MemberCardCode):
            await self.present_card(card_number=code.card_number, source="scanner")
            return
        if isinstance(code, CoopayCode):
            await self.pay_coopay(code.text)
            return
        self.require_not_paying()
        try:
            with self.recording() as sale:
                add_scanned(sale, code, self.catalog, now=self.now(), quantity=quantity,
                            redeemed_slips=_RedeemedSlips(self))
                if isinstance(code, DepositSlipCode):
                    self.slips.redeem(code.slip_id, code.value_ore, sale_id=sale.sale_id)
        except UnknownProduct as error:
            self._unknown(data, error.text, device)
            return
        except WeightRequired as needed:
            self.emit(WeightNeeded(needed.product.key, needed.product.name))
            return
        except DomainError:
            self._beep(device, good=False)
            raise
        self._line_added(device)

    def _unknown(self, code: str, text: Text, device: str | None) -> None:
        self._beep(device, good=False)
        self.emit(UnknownCode(code, text))
        self.notice("error", text, "unknown_barcode")

    def _beep(self, device: str | None, *, good: bool) -> None:
        if self.hub is None or device is None:
            return
        try:
            self.hub.send(device, "beep_good" if good else "beep_bad")
        except Exception:  # a scanner without beeps, or one that is unplugged right now
            return

    def _line_added(self, device: str | None) -> None:
        self._beep(device, good=True)
        self.sale_changed()
        sale = self._sale
        if sale is not None and sale.age_check.pending:
            confirmed = sale.age_check.confirmed_age
            lines = tuple(line for line in sale.active_lines if line.age_limit > confirmed)
            self.emit(NeedsAgeCheck(sale.age_check.required_age, lines))

    # -- lines by key -----------------------------------------------------------------------

    def _product(self, key: str) -> Product:
        product = self.catalog.by_gtin(key) or self.catalog.by_plu(key)
        if product is None:
            raise UnknownProduct(Text(f"Fant ingen vare {key}.", f"No product {key}."))
        return product

    @command
    def add_product(self, key: str, quantity: int = 1) -> bool:
        """Add by GTIN or PLU (price lookup, name search); kg items ask for a weight."""
        self.require_not_paying()
        product = self._product(key)
        if product.sold_by_weight:
            self.emit(WeightNeeded(product.key, product.name))
            return False
        with self.recording() as sale:
            sale.add_product(product, quantity, now=self.now())
        self._line_added(None)
        return True

    @command
    def add_weighed(self, key: str, weight_g: int) -> bool:
        """A kg item with its weight in grams (loose produce by PLU or name)."""
        self.require_not_paying()
        product = self._product(key)
        with self.recording() as sale:
            sale.add_weighed(product, weight_g, now=self.now())
        self._line_added(None)
        return True

    @command
    def change_quantity(self, line_id: int, quantity: int) -> bool:
        self.require_not_paying()
        with self.recording() as sale:
            sale.set_quantity(line_id, quantity)
        self._line_added(None)
        return True

    @command
    def void_line(self, line_id: int, reason: str = "cashier") -> bool:
        """Void a line: it stays in the sale and the journal, marked voided."""
        self.require_not_paying()
        self.require_sale()
        with self.recording() as sale:
            line = sale.void_line(line_id, reason)
            if line.slip_id:
                self.slips.release(line.slip_id, reason="line voided")
        self.sale_changed()
        return True

    # -- age ----------------------------------------------------------------------------------

    @command
    def confirm_age(self) -> bool:
        self.require_sale()
        with self.recording() as sale:
            sale.confirm_age()
        self.sale_changed()
        return True

    @command
    def refuse_age(self) -> bool:
        """No valid ID: the age-limited lines are voided (kept, marked)."""
        self.require_sale()
        with self.recording() as sale:
            sale.refuse_age()
        self.notice("info", Text("Varer med aldersgrense er fjernet.",
                                 "Age-limited items were removed."), "age_refused")
        self.sale_changed()
        return True
