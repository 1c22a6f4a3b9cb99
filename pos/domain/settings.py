"""Store settings: every rule BRIEF marks *(configurable)*, with the brief's defaults.

Frozen dataclasses so a sale can hold them without fear of change mid-sale; a
store builds its own with `dataclasses.replace(DEFAULT_SETTINGS, …)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from pos.domain.groups import DEPOSIT_GROUP
from pos.formats.checkdigits import is_valid_org_number
from pos.formats.member_card import DEFAULT_FORMAT, MemberCardFormat

VAT_RATES = (25, 15, 12, 0)


class SettingsError(ValueError):
    """A setting that cannot work (overlapping barcode prefixes, closing before opening…)."""


@dataclass(frozen=True)
class InStoreLayout:
    """Restricted-circulation EAN-13 (GS1 prefixes 20–29): `PP IIIII VVVVV C` by default.

    `item_ref_digits` digits of item reference follow the 2-digit prefix and the
    value fills the rest before the check digit (5 + 5 by default).
    """

    price_prefixes: tuple[str, ...] = ("20", "21", "22")
    weight_prefixes: tuple[str, ...] = ("23", "24", "25")
    coupon_prefixes: tuple[str, ...] = ("28",)
    deposit_slip_prefixes: tuple[str, ...] = ("29",)
    item_ref_digits: int = 5

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for prefix in self.all_prefixes():
            if len(prefix) != 2 or not prefix.isdigit() or not "20" <= prefix <= "29":
                raise SettingsError(f"in-store prefix {prefix!r} is not one of 20–29")
            if prefix in seen:
                raise SettingsError(f"in-store prefix {prefix} is used for two kinds of code")
            seen.add(prefix)
        if not 3 <= self.item_ref_digits <= 7:
            raise SettingsError("item reference must have 3 to 7 digits")

    @property
    def value_digits(self) -> int:
        return 10 - self.item_ref_digits

    def all_prefixes(self) -> tuple[str, ...]:
        return (
            self.price_prefixes
            + self.weight_prefixes
            + self.coupon_prefixes
            + self.deposit_slip_prefixes
        )

    def kind_of(self, prefix: str) -> str | None:
        """`"price"`, `"weight"`, `"coupon"`, `"deposit_slip"` or None for an unused prefix."""
        for kind, prefixes in (
            ("price", self.price_prefixes),
            ("weight", self.weight_prefixes),
            ("coupon", self.coupon_prefixes),
            ("deposit_slip", self.deposit_slip_prefixes),
        ):
            if prefix in prefixes:
                return kind
        return None


@dataclass(frozen=True)
class BeerHours:
    """Sales hours for beer and other drinks over 2.5 % (alkoholloven §3-7).

    The law's maximum is the default: 08–20 on weekdays, 08–18 on days before
    Sundays and public holidays, no sales on Sundays, public holidays, 1 May and
    17 May. The day before Ascension Day keeps weekday hours (the law's own
    exception). A municipality may narrow the hours, add closed days (e.g.
    election days) or set hours for single dates (e.g. Easter Eve 08–16).
    """

    weekday: tuple[time, time] = (time(8), time(20))
    eve: tuple[time, time] = (time(8), time(18))
    ascension_eve_as_weekday: bool = True
    closed_dates: frozenset[date] = frozenset()
    special_hours: tuple[tuple[date, time, time], ...] = ()

    def __post_init__(self) -> None:
        for opens, closes in (self.weekday, self.eve, *((o, c) for _, o, c in self.special_hours)):
            if not opens < closes:
                raise SettingsError(f"beer sales must open before they close ({opens}–{closes})")


@dataclass(frozen=True)
class StoreSettings:
    """Everything a till needs to know about its store to apply the sale rules."""

    store_id: str = "1001"
    store_name: str = "Coop Extra Demo"
    store_address: str = "Storgata 1, 0155 Oslo"
    company_name: str = "Coop Demo SA"
    org_number: str = "999999999"
    dividend_rate_bp: int = 150
    """Kjøpeutbytte in basis points: 150 = 1.5 % (the co-ops range 1–3 %)."""
    dividend_excluded_groups: frozenset[str] = frozenset({DEPOSIT_GROUP, "gavekort", "tobakk"})
    in_store_layout: InStoreLayout = field(default_factory=InStoreLayout)
    member_card_format: MemberCardFormat = DEFAULT_FORMAT
    beer_hours: BeerHours = field(default_factory=BeerHours)
    deposit_vat_rate: int | None = None
    """VAT on a deposit line; None = the rate of the drink it belongs to."""
    deposit_slip_vat_rate: int = 25
    """VAT on a redeemed deposit slip (it has no drink to follow)."""
    cash_rounding: bool = True
    max_quantity: int = 999
    max_weight_g: int = 99_999
    receipt_width: int = 42
    refuse_sale_while_drawer_open: bool = False
    """No new sale while the cash drawer's sensor says open (stores that want it shut)."""
    earnings_wait_ms: int = 1500
    """How long a member's receipt waits for the backend to answer what the purchase earned
    (bonus, dividend); past it the receipt says they are registered later. 0: never wait."""

    def __post_init__(self) -> None:
        if not is_valid_org_number(self.org_number):
            raise SettingsError(f"{self.org_number!r} is not a valid organisation number")
        if not 0 <= self.dividend_rate_bp <= 10_000:
            raise SettingsError("dividend rate must be 0–10000 basis points")
        for rate in (self.deposit_vat_rate, self.deposit_slip_vat_rate):
            if rate is not None and rate not in VAT_RATES:
                raise SettingsError(f"VAT rate {rate} is not one of {VAT_RATES}")
        if self.receipt_width < 32:
            raise SettingsError("a receipt needs at least 32 columns")
        if not 0 <= self.earnings_wait_ms <= 10_000:
            raise SettingsError("the wait for earnings must be 0–10000 ms")


DEFAULT_SETTINGS = StoreSettings()
