"""The sale's state machine: state, and one validating handler per operation.

`SaleCore.apply(operation)` looks up the handler, which checks everything first
and only then changes state, so a refused operation changes nothing and is not
recorded; totals are recomputed after every accepted one. Rules that depend on
the world outside the sale (the clock's beer hours, the registry of redeemed
slips, the catalog) are not here: `Sale` applies them before building an
operation, which is why replaying recorded operations needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from typing import Any, ClassVar

from pos.domain.age import AgeCheck
from pos.domain.clock import to_oslo
from pos.domain.lines import LineKind, PriceSource, SaleLine, deposit_line, item_line, slip_line
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
from pos.domain.sale_errors import (
    AgeCheckError,
    InvalidQuantity,
    LineNotChangeable,
    MissingDeposit,
    PaymentStarted,
    ReplayError,
    SaleClosed,
    SlipAlreadyRedeemed,
    TenderError,
    UnknownLine,
    WrongSaleMethod,
)
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.tender import Tender, TenderKind, cash_due, settle
from pos.domain.texts import T, Text
from pos.domain.totals import SaleTotals, compute_totals


class SaleState(StrEnum):
    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"


class SaleCore:
    def __init__(self, opening: OpenSale, settings: StoreSettings = DEFAULT_SETTINGS):
        to_oslo(opening.opened_at)
        self.settings = settings
        self.sale_id = opening.sale_id
        self.opened_at = opening.opened_at
        self.training = opening.training
        self.offers: tuple[Offer, ...] = tuple(opening.offers)
        self._operations: list[Operation] = [opening]
        self._lines: dict[int, SaleLine] = {}
        self._tenders: list[Tender] = []
        self._member: MemberRef | None = None
        self._member_prices = False
        self._age = AgeCheck()
        self._state = SaleState.OPEN
        self._totals = self._compute()

    def apply(self, operation: Operation) -> Any:
        """Validate and apply one operation, record it, recompute totals; return its result."""
        handler = self._HANDLERS.get(type(operation))
        if handler is None:
            raise ReplayError(T("unknown_operation", operation=repr(operation)))
        result = handler(self, operation)
        self._operations.append(operation)
        self._totals = self._compute()
        if self._state is SaleState.OPEN and self._live_tenders() and self.remaining_ore == 0:
            self._state = SaleState.PAID
        return result

    # -- what the till reads ----------------------------------------------------------------

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(self._operations)

    @property
    def lines(self) -> tuple[SaleLine, ...]:
        """Every line, voided ones included, in line-id order."""
        return tuple(self._lines.values())

    @property
    def active_lines(self) -> tuple[SaleLine, ...]:
        return tuple(line for line in self._lines.values() if line.active)

    def line(self, line_id: int) -> SaleLine:
        try:
            return self._lines[line_id]
        except (KeyError, TypeError):
            raise UnknownLine(T("line_does_not_exist", line_id=line_id)) from None

    @property
    def member(self) -> MemberRef | None:
        return self._member

    @property
    def member_prices(self) -> bool:
        """Whether member prices and member offers apply (fixed once payment starts)."""
        return self._member_prices

    @property
    def age_check(self) -> AgeCheck:
        return self._age

    @property
    def tenders(self) -> tuple[Tender, ...]:
        """Every tender, voided ones included."""
        return tuple(self._tenders)

    @property
    def state(self) -> SaleState:
        return self._state

    @property
    def totals(self) -> SaleTotals:
        return self._totals

    @property
    def paid_ore(self) -> int:
        return sum(t.applied_ore for t in self._live_tenders())

    @property
    def remaining_ore(self) -> int:
        """Left to pay (negative: owed to the shopper), before any cash rounding."""
        return self._totals.total_ore - self.paid_ore

    @property
    def cash_due_ore(self) -> int:
        """What cash must cover to finish now, rounded when the store rounds cash."""
        return cash_due(self.remaining_ore, self.settings.cash_rounding)

    @property
    def rounding_ore(self) -> int:
        return sum(t.rounding_ore for t in self._live_tenders())

    @property
    def change_ore(self) -> int:
        return sum(t.change_ore for t in self._live_tenders())

    # -- guards -----------------------------------------------------------------------------

    def _live_tenders(self) -> list[Tender]:
        return [t for t in self._tenders if not t.voided]

    def _require_open(self) -> None:
        if self._state is not SaleState.OPEN:
            raise SaleClosed(T("sale_closed"))

    def _require_editable(self) -> None:
        self._require_open()
        if self._live_tenders():
            raise PaymentStarted(T("payment_started_lines_cannot_change"))

    def _check_count(self, value: int, low: int, high: int, text: Text) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidQuantity(text)

    def _check_quantity(self, quantity: int) -> None:
        limit = self.settings.max_quantity
        self._check_count(
            quantity, 1, limit, T("quantity_range", limit=limit)
        )

    def _next_id(self) -> int:
        return len(self._lines) + 1

    def _store(self, *lines: SaleLine) -> None:
        for line in lines:
            self._lines[line.line_id] = line

    def _refresh_age(self) -> None:
        required = max((line.age_limit for line in self.active_lines), default=0)
        self._age = replace(self._age, required_age=required)

    # -- lines ------------------------------------------------------------------------------

    def _on_add_product(self, op: AddProduct) -> SaleLine:
        self._require_editable()
        self._check_quantity(op.quantity)
        product = op.product
        if product.sold_by_weight or product.price_embedded:
            raise WrongSaleMethod(T("sold_weight_label_not_count", name=product.name))
        if (product.deposit_gtin is None) != (op.deposit is None):
            raise MissingDeposit(T("deposit_product_missing"))
        item = item_line(self._next_id(), product, product.price_ore, quantity=op.quantity)
        if op.deposit is None:
            self._store(item)
        else:
            rate = self.settings.deposit_vat_rate
            deposit = deposit_line(
                item.line_id + 1, item, op.deposit, product.vat_rate if rate is None else rate
            )
            self._store(replace(item, deposit_line_id=deposit.line_id), deposit)
        self._refresh_age()
        return self._lines[item.line_id]

    def _on_add_weighed(self, op: AddWeighed) -> SaleLine:
        self._require_editable()
        if not op.product.sold_by_weight:
            raise WrongSaleMethod(T("not_sold_weight", name=op.product.name))
        limit = self.settings.max_weight_g
        weight_text = T("weight_must_1_g", limit=limit)
        self._check_count(op.weight_g, 1, limit, weight_text)
        line = item_line(
            self._next_id(), op.product, op.product.price_ore,
            weight_g=op.weight_g, price_source=PriceSource.WEIGHT,
        )
        self._store(line)
        self._refresh_age()
        return line

    def _on_add_priced(self, op: AddPriced) -> SaleLine:
        self._require_editable()
        if not op.product.price_embedded:
            raise WrongSaleMethod(T("no_price_its_barcode", name=op.product.name))
        self._check_count(
            op.price_ore, 1, 10**9, T("price_must_above_0")
        )
        line = item_line(self._next_id(), op.product, op.price_ore, price_source=PriceSource.LABEL)
        self._store(line)
        self._refresh_age()
        return line

    def _changeable_line(self, line_id: int) -> SaleLine:
        self._require_editable()
        line = self.line(line_id)
        if line.voided:
            raise LineNotChangeable(T("line_voided", line_id=line_id))
        if line.kind is LineKind.DEPOSIT:
            raise LineNotChangeable(T("deposit_follows_its_item_change"))
        return line

    def _on_set_quantity(self, op: SetQuantity) -> SaleLine:
        line = self._changeable_line(op.line_id)
        if line.kind is not LineKind.ITEM or line.weight_g is not None:
            raise LineNotChangeable(T("line_quantity_fixed"))
        self._check_quantity(op.quantity)
        self._store(replace(line, quantity=op.quantity))
        if line.deposit_line_id is not None:
            self._store(replace(self._lines[line.deposit_line_id], quantity=op.quantity))
        return self._lines[line.line_id]

    def _void(self, line: SaleLine, reason: str) -> SaleLine:
        self._store(replace(line, voided=True, void_reason=reason))
        if line.deposit_line_id is not None:
            deposit = self._lines[line.deposit_line_id]
            self._store(replace(deposit, voided=True, void_reason=reason))
        return self._lines[line.line_id]

    def _on_void_line(self, op: VoidLine) -> SaleLine:
        line = self._void(self._changeable_line(op.line_id), op.reason)
        self._refresh_age()
        return line

    def _on_redeem_slip(self, op: RedeemDepositSlip) -> SaleLine:
        self._require_editable()
        self._check_count(
            op.value_ore, 1, 10**7, T("slip_no_value")
        )
        if any(line.slip_id == op.slip_id for line in self.active_lines):
            raise SlipAlreadyRedeemed(T("deposit_slip_already_sale"))
        line = slip_line(
            self._next_id(), op.slip_id, op.serial, op.value_ore,
            self.settings.deposit_slip_vat_rate,
        )
        self._store(line)
        return line

    # -- member and age ---------------------------------------------------------------------

    def _on_attach_member(self, op: AttachMember) -> None:
        self._require_open()
        self._member = op.member
        if not self._live_tenders():
            self._member_prices = True

    def _on_detach_member(self, op: DetachMember) -> None:
        self._require_editable()
        if self._member is None:
            raise LineNotChangeable(T("no_member_sale"))
        self._member = None
        self._member_prices = False

    def _require_age_pending(self) -> None:
        self._require_open()
        if not self._age.pending:
            raise AgeCheckError(T("no_age_check_waiting"))

    def _on_confirm_age(self, op: ConfirmAge) -> None:
        self._require_age_pending()
        self._age = replace(self._age, confirmed_age=self._age.required_age)

    def _on_refuse_age(self, op: RefuseAge) -> tuple[SaleLine, ...]:
        self._require_age_pending()
        confirmed = self._age.confirmed_age
        restricted = [line for line in self.active_lines if line.age_limit > confirmed]
        voided = tuple(self._void(line, "age_refused") for line in restricted)
        self._age = replace(self._age, refused=True)
        self._refresh_age()
        return voided

    # -- payment ----------------------------------------------------------------------------

    def _on_add_tender(self, op: AddTender) -> Tender:
        self._require_open()
        if not self.active_lines:
            raise TenderError(T("sale_no_items"))
        if self._age.pending:
            raise AgeCheckError(T("age_check_before_payment"))
        settlement = settle(op.kind, op.amount_ore, self.remaining_ore, self.settings.cash_rounding)
        tender = Tender(
            tender_id=len(self._tenders) + 1,
            kind=op.kind,
            amount_ore=op.amount_ore,
            applied_ore=settlement.applied_ore,
            rounding_ore=settlement.rounding_ore,
            change_ore=settlement.change_ore,
            reference=op.reference,
            masked_card=op.masked_card,
            at=op.at,
        )
        self._tenders.append(tender)
        return tender

    def _on_void_tender(self, op: VoidTender) -> Tender:
        self._require_open()
        tender = next((t for t in self._tenders if t.tender_id == op.tender_id), None)
        if tender is None or tender.voided:
            raise TenderError(T("payment_does_not_exist_voided", tender_id=op.tender_id))
        voided = replace(tender, voided=True, void_reason=op.reason)
        self._tenders[self._tenders.index(tender)] = voided
        return voided

    def _on_cancel(self, op: CancelSale) -> None:
        self._require_open()
        if any(t.kind is not TenderKind.CASH for t in self._live_tenders()):
            raise TenderError(T("sale_card_coopay_payment_void"))
        self._state = SaleState.CANCELLED

    def _compute(self) -> SaleTotals:
        return compute_totals(
            list(self._lines.values()),
            self.offers,
            member_prices=self._member_prices,
            settings=self.settings,
        )

    _HANDLERS: ClassVar[dict[type, Callable[[SaleCore, Any], Any]]] = {
        AddProduct: _on_add_product,
        AddWeighed: _on_add_weighed,
        AddPriced: _on_add_priced,
        SetQuantity: _on_set_quantity,
        VoidLine: _on_void_line,
        AttachMember: _on_attach_member,
        DetachMember: _on_detach_member,
        ConfirmAge: _on_confirm_age,
        RefuseAge: _on_refuse_age,
        RedeemDepositSlip: _on_redeem_slip,
        AddTender: _on_add_tender,
        VoidTender: _on_void_tender,
        CancelSale: _on_cancel,
    }
