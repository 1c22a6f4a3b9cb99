"""The errors a sale raises when an operation is not allowed; each says why in nb and en."""

from __future__ import annotations

from pos.domain.texts import DomainError


class SaleError(DomainError):
    code = "sale_error"


class SaleClosed(SaleError):
    code = "sale_closed"


class PaymentStarted(SaleError):
    """Lines cannot change once a payment has been taken."""

    code = "payment_started"


class UnknownLine(SaleError):
    code = "unknown_line"


class LineNotChangeable(SaleError):
    code = "line_not_changeable"


class InvalidQuantity(SaleError):
    code = "invalid_quantity"


class WrongSaleMethod(SaleError):
    """A kg item added by count, a label item without its label, and the like."""

    code = "wrong_sale_method"


class MissingDeposit(SaleError):
    code = "missing_deposit"


class AgeCheckError(SaleError):
    code = "age_check"


class SlipAlreadyRedeemed(SaleError):
    code = "slip_redeemed"


class TenderError(SaleError):
    code = "tender_error"


class ReplayError(SaleError):
    code = "replay_error"
