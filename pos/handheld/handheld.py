"""The ShopExpress handheld: a member scans as they shop and pays at a lane.

    handheld = Handheld(catalog=…, client=…, store="1001", key=b"…", listener=on_event)
    await handheld.handle_device_event(event)   # Scan events from the rig's `handheld` device
    await handheld.scan(text)                   # member card (or app barcode) first, then items
    handheld.remove(index); code = handheld.finish()   # the checkout code QR for the lane

Why it requires a member: ShopExpress's legal basis is the member agreement, so
the trip cannot start until the backend has confirmed a member card (or the
app's member barcode); offline it cannot be confirmed, and the handheld says
so. The running total is the domain's own (`Sale` with member prices and
offers), so the handheld and the lane show the same sums; the lane rebuilds
the sale from the codes anyway and its prices are the ones that count.

The trip lives in the handheld's memory until it is paid at a lane: the
checkout code (`pos.domain.shopexpress`) is the only thing that leaves it.
Events: `HandheldChanged(state)` after every change, `Notice` for refusals.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from devices.events import CardRead, Scan
from pos.domain.barcode_types import (
    BarcodeError,
    MemberCardCode,
    ProductCode,
    VariableMeasureCode,
)
from pos.domain.barcodes import parse_barcode
from pos.domain.catalog import Catalog
from pos.domain.clock import Clock, oslo_now
from pos.domain.member import MemberRef
from pos.domain.sale import Sale
from pos.domain.scanning import WeightRequired, add_scanned
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.shopexpress import (
    MAX_CHECKOUT_CODE_CHARS,
    Trip,
    encode_checkout_code,
)
from pos.domain.texts import DomainError, Text
from pos.handheld.texts import T
from pos.sync.client import BackendProblem, BackendUnavailable, TerminalClient
from pos.till.events import Notice
from pos.till.members import masked_identifier, member_from_summary

MEMBER_FIRST = T("shopexpress_members_only")
NO_BACKEND = T("cannot_confirm_membership")


@dataclass(frozen=True)
class HandheldLine:
    """One entry of the shopper's list as the handheld shows it."""

    index: int
    code: str
    name: str
    quantity: int
    amount_ore: int
    """What this entry adds to the total (with its pant), before member prices and offers."""


@dataclass(frozen=True)
class HandheldState:
    member: MemberRef | None = None
    lines: tuple[HandheldLine, ...] = ()
    total_ore: int = 0
    item_count: int = 0
    removals: int = 0
    trip_id: str = ""
    checkout_code: str | None = None
    """Set by `finish()`: show it as a QR to a lane's scanner."""


@dataclass(frozen=True)
class HandheldChanged:
    state: HandheldState


class Handheld:
    def __init__(self, *, catalog: Catalog, store: str, key: bytes,
                 settings: StoreSettings = DEFAULT_SETTINGS,
                 client: TerminalClient | None = None, clock: Clock = oslo_now,
                 listener: Callable[[Any], None] | None = None,
                 new_trip_id: Callable[[], str] = lambda: uuid.uuid4().hex[:16]) -> None:
        self.catalog = catalog
        self._new_trip_id = new_trip_id
        self.settings = settings
        self.client = client
        self.store = store
        self._key = key
        self._clock = clock
        self._listener = listener
        self._trip: Trip | None = None
        self._sale: Sale | None = None
        """The trip as a domain sale, for the running total (member prices, offers, pant)."""
        self._lines_of: dict[str, list[int]] = {}
        self.state = HandheldState()

    def set_listener(self, listener: Callable[[Any], None] | None) -> None:
        self._listener = listener

    def _emit(self, event: Any) -> None:
        if self._listener is not None:
            self._listener(event)

    def _refuse(self, text: Text, code: str) -> None:
        self._emit(Notice("error", text, code))

    # -- input --------------------------------------------------------------------------------

    async def handle_device_event(self, event: Any) -> None:
        if isinstance(event, Scan):
            await self.scan(event.data, event.symbology)
        elif isinstance(event, CardRead):
            await self.identify(card_number=event.card_number, uid=event.uid)

    async def scan(self, data: str, symbology: str | None = None) -> bool:
        try:
            code = parse_barcode(data, symbology, layout=self.settings.in_store_layout,
                                 card_format=self.settings.member_card_format)
        except BarcodeError as error:
            self._refuse(error.text, "unknown_barcode")
            return False
        if isinstance(code, MemberCardCode):
            return await self.identify(card_number=code.card_number) is not None
        if self._trip is None:
            self._refuse(MEMBER_FIRST, "member_required")
            return False
        if not isinstance(code, ProductCode | VariableMeasureCode):
            self._refuse(T("scan_code_lane_not_handheld"), "not_an_item")
            return False
        text = code.code if isinstance(code, VariableMeasureCode) else code.gtin
        return self._change(self._trip.with_item(text), added=text)

    async def identify(self, *, card_number: str | None = None,
                       uid: str | None = None) -> MemberRef | None:
        """Start the trip for the member the backend confirms (a second card is refused)."""
        if self._trip is not None and self._trip.items:
            self._refuse(T("trip_already_started"),
                         "trip_started")
            return None
        if self.client is None:
            self._refuse(NO_BACKEND, "backend_unavailable")
            return None
        try:
            summary = await self.client.lookup_member(card_number=card_number, uid=uid)
        except BackendProblem as problem:
            self._refuse(problem.text, problem.code)
            return None
        except BackendUnavailable:
            self._refuse(NO_BACKEND, "backend_unavailable")
            return None
        member = member_from_summary(summary, masked_identifier(card_number, uid))
        self.start_trip(member)
        return member

    def start_trip(self, member: MemberRef) -> None:
        """A new trip for a member the backend has confirmed."""
        self._change(Trip(self._new_trip_id(), self.store, member))

    # -- the list -----------------------------------------------------------------------------

    def remove(self, index: int) -> bool:
        """Take one unit of entry `index` off the list (counted: many removals raise the audit)."""
        if self._trip is None:
            return False
        try:
            return self._change(self._trip.without_item(index))
        except DomainError as error:
            self._refuse(error.text, error.code)
            return False

    def finish(self) -> str | None:
        """The checkout code for the lane (the list stays; scanning again hides the code)."""
        if self._trip is None or not self._trip.items:
            self._refuse(T("scan_least_one_item_first"),
                         "trip_empty")
            return None
        code = encode_checkout_code(self._trip, self._key)
        self.state = replace(self.state, checkout_code=code)
        self._emit(HandheldChanged(self.state))
        return code

    def keep_shopping(self) -> None:
        """Back from the checkout code to the list (a new code is made at the end)."""
        self.state = replace(self.state, checkout_code=None)
        self._emit(HandheldChanged(self.state))

    def new_trip(self) -> None:
        """After paying: the handheld is handed back and forgets the trip."""
        self._trip = None
        self._sale = None
        self.state = HandheldState()
        self._emit(HandheldChanged(self.state))

    def _change(self, trip: Trip, added: str | None = None) -> bool:
        """Accept `trip` if the domain prices it and its code still fits a scanner.

        An added scan is applied to the running sale alone (the domain refuses it
        unchanged); a removal reprices the trip from the start.
        """
        if len(encode_checkout_code(trip, self._key)) > MAX_CHECKOUT_CODE_CHARS:
            self._refuse(T("list_full_go_lane_pay"), "trip_full")
            return False
        try:
            if added is not None and self._sale is not None:
                self._add(self._sale, added, 1)
            else:
                self._reprice(trip)
        except WeightRequired as needed:
            self._refuse(T("weigh_at_scale", name=needed.product.name), "weight_required")
            return False
        except DomainError as error:  # unknown item, beer outside sales hours …
            self._refuse(error.text, error.code)
            return False
        self._trip = trip
        self.state = self._view(trip)
        self._emit(HandheldChanged(self.state))
        return True

    def _reprice(self, trip: Trip) -> None:
        sale = Sale.open(trip.trip_id, self._clock(), offers=self.catalog.offers,
                         settings=self.settings, catalog=self.catalog)
        sale.attach_member(trip.member)
        self._lines_of = {}
        for item in trip.items:
            self._add(sale, item.code, item.quantity)
        self._sale = sale

    def _add(self, sale: Sale, text: str, quantity: int) -> None:
        code = parse_barcode(text, None, layout=self.settings.in_store_layout,
                             card_format=self.settings.member_card_format)
        known = {line.line_id for line in sale.lines}
        for _ in range(quantity):
            add_scanned(sale, code, self.catalog, now=self._clock())
        new = [line.line_id for line in sale.lines if line.line_id not in known]
        self._lines_of.setdefault(text, []).extend(new)

    def _view(self, trip: Trip) -> HandheldState:
        """The list as the shopper sees it, priced by the domain as the lane will price it."""
        sale = self._sale
        assert sale is not None
        by_id = {line.line_id: line for line in sale.lines}
        lines = []
        for index, item in enumerate(trip.items):
            own = [by_id[i] for i in self._lines_of.get(item.code, ()) if i in by_id]
            name = own[0].description if own else item.code
            lines.append(HandheldLine(index, item.code, name, item.quantity,
                                      sum(line.amount_ore for line in own if not line.voided)))
        totals = sale.totals
        return HandheldState(member=trip.member, lines=tuple(lines), total_ore=totals.total_ore,
                             item_count=totals.item_count, removals=trip.removals,
                             trip_id=trip.trip_id)
