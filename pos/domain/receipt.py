"""The receipt model: what a Norwegian sales receipt must show (kassasystemforskriften).

A pure data model built from a sale; `receipt_text.render_receipt` prints it.
It names the company and its organisation number followed by "MVA", the
sequential receipt number, date and time, register id and operator, every line
(voided lines shown as voided), deposit, offers, VAT per rate, total, tenders
(with the card terminal's transaction id and the masked card), cash rounding,
change, the member masked, and what the purchase earned the member: the bonus
and purchase dividend the backend credited when it answered before the receipt
was printed, else the dividend preview and a line that the earnings are
registered on the member account. Flags mark a copy
("KOPI", at most one per receipt: the journal enforces that), a training
receipt and a return receipt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pos.domain.clock import to_oslo
from pos.domain.lines import LineKind
from pos.domain.sale import Sale
from pos.domain.settings import StoreSettings
from pos.domain.tender import TenderKind
from pos.domain.texts import Text
from pos.domain.vat import VatLine


class ReceiptKind(StrEnum):
    SALE = "sale"
    RETURN = "return"


@dataclass(frozen=True)
class ReceiptLine:
    line_id: int
    kind: LineKind
    description: str
    amount_ore: int
    quantity: int
    unit_price_ore: int
    weight_g: int | None = None
    voided: bool = False
    member_discount_ore: int = 0


@dataclass(frozen=True)
class ReceiptOffer:
    label: Text
    discount_ore: int
    """Positive: shown as a minus line."""


@dataclass(frozen=True)
class ReceiptTender:
    kind: TenderKind
    amount_ore: int
    reference: str = ""
    masked_card: str = ""


@dataclass(frozen=True)
class Earnings:
    """What the member backend credited for this purchase (its answer's `earned`)."""

    bonus_ore: int
    dividend_ore: int

    @classmethod
    def from_answer(cls, answer: object) -> Earnings | None:
        """The earnings in a purchase answer (`{"earned": {...}}`), or None when it has none:
        an answer of another shape must not print a made-up amount."""
        earned = answer.get("earned") if isinstance(answer, Mapping) else None
        if not isinstance(earned, Mapping):
            return None
        bonus, dividend = earned.get("bonus_ore"), earned.get("dividend_ore")
        if not all(type(v) is int and v >= 0 for v in (bonus, dividend)):
            return None
        return cls(bonus_ore=bonus, dividend_ore=dividend)

    def to_json(self) -> dict[str, int]:
        return {"bonus_ore": self.bonus_ore, "dividend_ore": self.dividend_ore}


@dataclass(frozen=True)
class Receipt:
    kind: ReceiptKind
    receipt_number: int
    issued_at: datetime
    register_id: str
    operator: str
    sale_id: str
    company_name: str
    org_number: str
    store_name: str
    store_address: str
    lines: tuple[ReceiptLine, ...]
    offers: tuple[ReceiptOffer, ...]
    vat: tuple[VatLine, ...]
    total_ore: int
    rounding_ore: int
    tenders: tuple[ReceiptTender, ...]
    change_ore: int
    member_masked: str | None = None
    member_role: Text | None = None
    dividend_preview_ore: int | None = None
    earned: Earnings | None = None
    """Credited by the backend in time for the receipt; None: registered later."""
    copy: bool = False
    training: bool = False

    @property
    def to_pay_ore(self) -> int:
        """The total after cash rounding: what the shopper actually paid."""
        return self.total_ore + self.rounding_ore

    @property
    def org_number_text(self) -> str:
        """`999 999 999 MVA`: the number grouped in threes, then MVA as the rules ask."""
        n = self.org_number
        return f"{n[:3]} {n[3:6]} {n[6:]} MVA"


def build_receipt(
    sale: Sale,
    *,
    receipt_number: int,
    issued_at: datetime,
    register_id: str,
    operator: str,
    settings: StoreSettings | None = None,
    kind: ReceiptKind = ReceiptKind.SALE,
    copy: bool = False,
    earned: Earnings | None = None,
) -> Receipt:
    """The receipt for `sale` (numbers and ids come from the till's journal)."""
    settings = settings or sale.settings
    totals = sale.totals
    member = sale.member
    member_discounts = {t.line_id: t.member_discount_ore for t in totals.lines}
    lines = tuple(
        ReceiptLine(
            line_id=line.line_id,
            kind=line.kind,
            description=line.description,
            amount_ore=line.amount_ore,
            quantity=line.quantity,
            unit_price_ore=line.unit_price_ore,
            weight_g=line.weight_g,
            voided=line.voided,
            member_discount_ore=member_discounts.get(line.line_id, 0),
        )
        for line in sale.lines
    )
    return Receipt(
        kind=kind,
        receipt_number=receipt_number,
        issued_at=to_oslo(issued_at),
        register_id=register_id,
        operator=operator,
        sale_id=sale.sale_id,
        company_name=settings.company_name,
        org_number=settings.org_number,
        store_name=settings.store_name,
        store_address=settings.store_address,
        lines=lines,
        offers=tuple(
            ReceiptOffer(a.offer.label(), a.discount_ore)
            for a in totals.offers
        ),
        vat=totals.vat,
        total_ore=totals.total_ore,
        rounding_ore=sale.rounding_ore,
        tenders=tuple(
            ReceiptTender(t.kind, t.amount_ore, t.reference, t.masked_card)
            for t in sale.tenders
        ),
        change_ore=sale.change_ore,
        member_masked=member.masked_card if member else None,
        member_role=member.role_text() if member else None,
        dividend_preview_ore=totals.dividend_preview_ore if member else None,
        earned=earned if member else None,
        copy=copy,
        training=sale.training,
    )
