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

from pos.domain.barcode_types import BarcodeError, CoopayCode, DepositSlipCode, MemberCardCode
from pos.domain.barcodes import parse_barcode
from pos.domain.catalog import UnknownProduct
from pos.domain.lines import SaleLine
from pos.domain.product import Product
from pos.domain.scanning import WeightRequired, add_scanned
from pos.domain.texts import DomainError, Text
from pos.journal import DepositSlips, EventType
from pos.till.commands import TillError
from pos.till.events import NeedsAgeCheck, QuantityArmed, UnknownCode, WeightNeeded
from pos.till.members import Members
from pos.till.payments import Payments
from pos.till.ports import DevicePort
from pos.till.session import TillSession
from pos.till.texts import T
from pos.till.weighing import Weighing

QUANTITY_PREFIX = re.compile(r"^\s*([-+]?\d+)\s*\*\s*(.*)$", re.DOTALL)
"""`N*` before a code: any whole number is read, so 0, 1000 or -2 get "1–999", not "unknown"."""
MAX_PLU_DIGITS = 5
AGE_REFUSED = T("age_limited_items_were_removed")


class _RedeemedSlips:
    """`slip_id in redeemed` asks the durable registry (the domain takes any container)."""

    def __init__(self, slips: DepositSlips) -> None:
        self._slips = slips

    def __contains__(self, slip_id: object) -> bool:
        return isinstance(slip_id, str) and self._slips.is_redeemed(slip_id)


class Lines:
    def __init__(self, session: TillSession, *, slips: DepositSlips, members: Members,
                 payments: Payments, devices: DevicePort | None) -> None:
        self.session = session
        self.catalog = session.catalog
        self.settings = session.settings
        self.slips = slips
        self.members = members
        self.payments = payments
        self.devices = devices
        self.quantity: int | None = None
        """The pending `3*` quantity prefix for the next item."""
        self.weighing: Weighing | None = None
        """The scale, when the till has one (set by the engine)."""

    # -- reading ---------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Product]:
        """Products by name, PLU or GTIN (loose produce, price lookup)."""
        return self.catalog.search(query, limit)

    def lines(self) -> tuple[SaleLine, ...]:
        """The open sale's lines without building a whole view (a ShopExpress trip adds many)."""
        sale = self.session.sale
        return sale.lines if sale is not None else ()

    def price_lookup(self, key: str) -> Product:
        """Look up a product's price without selling it (journaled, the regulation asks)."""
        product = self._product(key)
        self.session.journal.append(EventType.PRICE_LOOKUP, {"gtin": product.gtin,
                                                             "price_ore": product.price_ore})
        return product

    # -- codes ---------------------------------------------------------------------------------

    async def enter_code(self, text: str) -> None:
        """Typed input: `3*` (quantity for the next item), `3*CODE`, a PLU, or a barcode."""
        match = QUANTITY_PREFIX.match(text)
        if match:
            digits = match.group(1)
            # a number too long to be a quantity is still "out of range", not a crash
            self.set_quantity_prefix(int(digits) if len(digits) <= 9 else 10**9)
            text = match.group(2)
            if not text.strip():
                return
        text = text.strip()
        if text.isdigit() and len(text) <= MAX_PLU_DIGITS:
            product = self.catalog.by_plu(text)
            if product is None:
                self._disarm()
                self._unknown(text, T("unknown_plu", text=text), None)
                return
            self.add_product(product.key, self._take_quantity())
            return
        await self.scan(text, None)

    def set_quantity_prefix(self, quantity: int | None) -> None:
        """`3*`: the next item is added 3 times (None clears it)."""
        if quantity is not None and not 1 <= quantity <= self.settings.max_quantity:
            raise TillError(T("quantity_range", max_quantity=self.settings.max_quantity))
        self.quantity = quantity
        self.session.emit(QuantityArmed(quantity))

    def _take_quantity(self) -> int:
        quantity = self.quantity or 1
        self._disarm()
        return quantity

    def _disarm(self) -> None:
        if self.quantity is not None:
            self.quantity = None
            self.session.emit(QuantityArmed(None))

    async def scan(self, data: str, symbology: str | None = None, *,
                   device: str | None = None) -> None:
        """A barcode from a scanner or typed: item, weight/price label, slip, card or Coopay."""
        session = self.session
        session.require_operator()
        quantity = self._take_quantity()
        try:
            code = parse_barcode(data, symbology, layout=self.settings.in_store_layout,
                                 card_format=self.settings.member_card_format)
        except BarcodeError as error:
            self._unknown(data, error.text, device)
            return
        if isinstance(code, MemberCardCode):
            await self.members.present_card(card_number=code.card_number, source="scanner")
            return
        if isinstance(code, CoopayCode):
            await self.payments.pay_coopay(code.text)
            return
        session.require_not_paying()
        try:
            with session.recording() as sale:
                add_scanned(sale, code, self.catalog, now=session.now(), quantity=quantity,
                            redeemed_slips=_RedeemedSlips(self.slips))
                if isinstance(code, DepositSlipCode):
                    self.slips.redeem(code.slip_id, code.value_ore, sale_id=sale.sale_id)
        except UnknownProduct as error:
            self._unknown(data, error.text, device)
            return
        except WeightRequired as needed:
            self.ask_weight(needed.product)
            return
        except DomainError:
            self.beep(device, good=False)
            raise
        self.line_added(device)

    def _unknown(self, code: str, text: Text, device: str | None) -> None:
        self.beep(device, good=False)
        self.session.emit(UnknownCode(code, text))
        self.session.notice("error", text, "unknown_barcode")

    def beep(self, device: str | None, *, good: bool) -> None:
        if self.devices is None or device is None:
            return
        try:
            self.devices.send(device, "beep_good" if good else "beep_bad")
        except Exception:  # a scanner without beeps, or one that is unplugged right now
            return

    def line_added(self, device: str | None) -> None:
        """Show the changed sale; ask for ID when a new line has an age limit."""
        self.beep(device, good=True)
        session = self.session
        session.sale_changed()
        sale = session.sale
        if sale is not None and sale.age_check.pending:
            confirmed = sale.age_check.confirmed_age
            lines = tuple(line for line in sale.active_lines if line.age_limit > confirmed)
            session.emit(NeedsAgeCheck(sale.age_check.required_age, lines))

    # -- lines by key ---------------------------------------------------------------------------

    def _product(self, key: str) -> Product:
        product = self.catalog.by_gtin(key) or self.catalog.by_plu(key)
        if product is None:
            raise UnknownProduct(T("no_product", value=key))
        return product

    def add_product(self, key: str, quantity: int = 1) -> bool:
        """Add by GTIN or PLU (price lookup, name search); kg items ask for a weight."""
        self.session.require_not_paying()
        product = self._product(key)
        if product.sold_by_weight:
            self.ask_weight(product)
            return False
        with self.session.recording() as sale:
            sale.add_product(product, quantity, now=self.session.now())
        self.line_added(None)
        return True

    def ask_weight(self, product: Product) -> None:
        """A kg item without a weight: the scale weighs it, else the cashier types the grams."""
        if self.weighing is None or not self.weighing.weigh(product):
            self.session.emit(WeightNeeded(product.key, product.name))

    def add_weighed(self, key: str, weight_g: int) -> bool:
        """A kg item with its weight in grams (loose produce by PLU or name)."""
        self.session.require_not_paying()
        product = self._product(key)
        with self.session.recording() as sale:
            sale.add_weighed(product, weight_g, now=self.session.now())
        self.line_added(None)
        return True

    def change_quantity(self, line_id: int, quantity: int) -> bool:
        self.session.require_not_paying()
        with self.session.recording() as sale:
            sale.set_quantity(line_id, quantity)
        self.line_added(None)
        return True

    def void_line(self, line_id: int, reason: str = "cashier") -> bool:
        """Void a line: it stays in the sale and the journal, marked voided."""
        self.session.require_not_paying()
        self.session.require_sale()
        with self.session.recording() as sale:
            line = sale.void_line(line_id, reason)
            if line.slip_id:
                self.slips.release(line.slip_id, reason="line voided")
        self.session.sale_changed()
        return True

    # -- age ------------------------------------------------------------------------------------

    def confirm_age(self) -> bool:
        self.session.require_sale()
        with self.session.recording() as sale:
            sale.confirm_age()
        self.session.sale_changed()
        return True

    def refuse_age(self) -> bool:
        """No valid ID: the age-limited lines are voided (kept, marked)."""
        self.session.require_sale()
        with self.session.recording() as sale:
            sale.refuse_age()
        self.session.notice("info", AGE_REFUSED, "age_refused")
        self.session.sale_changed()
        return True
