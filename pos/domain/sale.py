"""The sale: a pure state object changed only by recorded operations.

Every change goes through `apply(operation)`, which validates first and only
then changes state, so a refused operation leaves the sale as it was and is not
recorded. The friendly methods (`add_product`, `add_tender`, …) first apply the
rules that depend on the world outside the sale (beer hours at `now`, the
registry of redeemed deposit slips, the catalog's deposit products) and then
build and apply the operation. `Sale.replay(operations)` therefore rebuilds a
sale exactly, without asking the outside world again.

Line ids are 1, 2, 3… in the order lines were added (a deposit line takes the
id after its item) and never change.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from datetime import datetime
from typing import Protocol

from pos.domain.barcode_types import DepositSlipCode
from pos.domain.beer_hours import check_beer_sale
from pos.domain.clock import to_oslo
from pos.domain.lines import SaleLine
from pos.domain.member import MemberRef
from pos.domain.offers import Offer
from pos.domain.operations import (
    AddPriced,
    AddProduct,
    AddTender,
    AddWeighed,
    AttachMember,
    CancelSale,
    ConfirmAge,
    DetachMember,
    OpenSale,
    Operation,
    RedeemDepositSlip,
    RefuseAge,
    SetQuantity,
    VoidLine,
    VoidTender,
)
from pos.domain.product import Product
from pos.domain.sale_core import SaleCore, SaleState
from pos.domain.sale_errors import MissingDeposit, ReplayError, SlipAlreadyRedeemed
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.tender import Tender, TenderKind
from pos.domain.texts import T
from pos.domain.view import SaleView

__all__ = ["DepositLookup", "Sale", "SaleState"]


class DepositLookup(Protocol):
    """Finds the deposit product a bottle or can links to (the `Catalog` is one)."""

    def deposit_for(self, product: Product) -> Product | None: ...


class Sale(SaleCore):
    """A sale the till builds; see the module docstring and docs/domain.md."""

    def __init__(
        self,
        opening: OpenSale,
        settings: StoreSettings = DEFAULT_SETTINGS,
        catalog: DepositLookup | None = None,
    ):
        super().__init__(opening, settings)
        self.catalog = catalog

    # -- building and replaying -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        sale_id: str,
        opened_at: datetime,
        *,
        offers: Iterable[Offer] = (),
        training: bool = False,
        settings: StoreSettings = DEFAULT_SETTINGS,
        catalog: DepositLookup | None = None,
    ) -> Sale:
        """A new sale; `sale_id` is the client-generated id the backend deduplicates on."""
        return cls(OpenSale(sale_id, opened_at, tuple(offers), training), settings, catalog)

    @classmethod
    def replay(
        cls,
        operations: Iterable[Operation],
        settings: StoreSettings = DEFAULT_SETTINGS,
        catalog: DepositLookup | None = None,
    ) -> Sale:
        """Rebuild a sale from its recorded operations (the first must be `OpenSale`)."""
        ops = iter(operations)
        first = next(ops, None)
        if not isinstance(first, OpenSale):
            raise ReplayError(T("replay_needs_open"))
        sale = cls(first, settings, catalog)
        for operation in ops:
            sale.apply(operation)
        return sale

    def view(self) -> SaleView:
        """An immutable picture of the whole sale (for the UI, receipts and tests)."""
        return SaleView(
            sale_id=self.sale_id,
            opened_at=self.opened_at,
            training=self.training,
            state=str(self._state),
            lines=self.lines,
            member=self._member,
            member_prices=self._member_prices,
            age_check=self._age,
            tenders=self.tenders,
            totals=self._totals,
            remaining_ore=self.remaining_ore,
            cash_due_ore=self.cash_due_ore,
        )

    # -- the friendly operations ------------------------------------------------------------

    def add_product(self, product: Product, quantity: int = 1, *, now: datetime) -> SaleLine:
        """Add `quantity` of a product sold by count; its deposit line comes with it."""
        self._check_rules_for(product, now)
        deposit = None
        if product.deposit_gtin is not None:
            deposit = self.catalog.deposit_for(product) if self.catalog else None
            if deposit is None:
                raise MissingDeposit(T("deposit_product_not_catalog", name=product.name))
        return self.apply(AddProduct(product, quantity, now, deposit))

    def add_weighed(self, product: Product, weight_g: int, *, now: datetime) -> SaleLine:
        """Add a kg-priced product with its weight (scale or weight label)."""
        self._check_rules_for(product, now)
        return self.apply(AddWeighed(product, weight_g, now))

    def add_priced(self, product: Product, price_ore: int, *, now: datetime) -> SaleLine:
        """Add a product at the price printed in its in-store label barcode."""
        self._check_rules_for(product, now)
        return self.apply(AddPriced(product, price_ore, now))

    def set_quantity(self, line_id: int, quantity: int) -> SaleLine:
        return self.apply(SetQuantity(line_id, quantity))

    def void_line(self, line_id: int, reason: str = "cashier") -> SaleLine:
        """Void a line (it stays in the sale, marked voided); its deposit goes with it."""
        return self.apply(VoidLine(line_id, reason))

    def attach_member(self, member: MemberRef) -> None:
        self.apply(AttachMember(member))

    def detach_member(self) -> None:
        """Take the member off the sale again (before payment; e.g. the wrong card was read)."""
        self.apply(DetachMember())

    def confirm_age(self) -> None:
        """ID checked: the shopper is old enough for every age-limited line so far."""
        self.apply(ConfirmAge())

    def refuse_age(self) -> tuple[SaleLine, ...]:
        """No valid ID: every line above the confirmed age is voided; returns them."""
        return self.apply(RefuseAge())

    def redeem_deposit_slip(
        self, slip: DepositSlipCode, redeemed: Container[str] = frozenset()
    ) -> SaleLine:
        """Redeem a slip; `redeemed` holds the ids of slips already paid out (by the till)."""
        if slip.slip_id in redeemed:
            raise SlipAlreadyRedeemed(T("deposit_slip_already_redeemed"))
        return self.apply(RedeemDepositSlip(slip.slip_id, slip.serial, slip.value_ore))

    def add_tender(
        self,
        kind: TenderKind | str,
        amount_ore: int,
        *,
        now: datetime,
        reference: str = "",
        masked_card: str = "",
    ) -> Tender:
        """Take a payment; beer lines must still be sellable at `now`."""
        for line in self.active_lines:
            if line.beer_hours:
                check_beer_sale(now, self.settings.beer_hours)
                break
        return self.apply(AddTender(TenderKind(kind), amount_ore, now, reference, masked_card))

    def void_tender(self, tender_id: int, reason: str = "cashier") -> Tender:
        """Void a payment before the sale is paid; a card payment must be reversed first."""
        return self.apply(VoidTender(tender_id, reason))

    def cancel(self, reason: str, *, now: datetime) -> None:
        self.apply(CancelSale(reason, now))

    def _check_rules_for(self, product: Product, now: datetime) -> None:
        to_oslo(now)
        if product.beer_hours:
            check_beer_sale(now, self.settings.beer_hours)
