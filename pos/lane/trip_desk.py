"""ShopExpress at the lane: a checkout code becomes the sale, and an audit may check it.

The code is verified with the store key, refused when its trip is already
paid (`TripRegistry`) or from another store, and the trip's scans are replayed
through `Till.scan`, so prices and rules are the lane's. Then the random audit
decides (`pos.domain.audit`); a picked trip pauses the lane until an attendant
has rescanned the sample (or, after a mismatch, the whole bag, which corrects
the sale: missing items added, items not in the bag voided). The result goes
into the attendant's sign-off entry in the journal (`actions`).
"""

from __future__ import annotations

from typing import Any, Protocol

from pos.domain.audit import AuditPhase, TripFacts, decide_audit
from pos.domain.shopexpress import Trip, decode_checkout_code
from pos.domain.texts import DomainError
from pos.lane.board import LaneBoard
from pos.lane.settings import LaneSettings
from pos.lane.state import LaneStep, WaitReason
from pos.lane.texts import T
from pos.lane.trip_audit import TripAudit
from pos.lane.trip_intake import TripRegistry, is_paid, item_key
from pos.till.commands import TillError
from pos.till.engine import Till

ESCALATED = T("mismatch_found_scan_every_item")


class RandomSource(Protocol):
    def random(self) -> float: ...


class TripDesk:
    def __init__(self, till: Till, board: LaneBoard, settings: LaneSettings, *,
                 trips: TripRegistry, rng: RandomSource,
                 actions: list[dict[str, Any]]) -> None:
        self.till = till
        self.board = board
        self.settings = settings
        self.trips = trips
        self.rng = rng
        self.actions = actions
        """The attendant's record for their sign-off entry (shared with `AttendantDesk`)."""
        self.audit: TripAudit | None = None

    @property
    def auditing(self) -> bool:
        return self.audit is not None and self.audit.in_progress

    def forget(self) -> None:
        """The sale is over (paid, cancelled, reset): no audit belongs to the lane now."""
        self.audit = None

    async def receive_trip(self, text: str) -> bool:
        """A checkout code from a handheld: verify, refuse a replay, rebuild, maybe audit."""
        board = self.board
        try:
            trip = decode_checkout_code(text, self.settings.key_bytes)
            self._check_trip(trip)
        except DomainError as error:
            board.notice(error.text, getattr(error, "code", "checkout_code_invalid"))
            return False
        journal = self.till.journal
        first_trip = not any(is_paid(journal.sale_status(sale_id))
                             for sale_id in self.trips.sales_of_member(trip.member.member_ref))
        sale_id = self.till.begin_sale()
        self.trips.bind(trip, sale_id, self.till.now().isoformat())
        board.set(step=LaneStep.SCANNING, trip_id=trip.trip_id, member_skipped=False)
        self.till.attach_member(trip.member)
        line_keys = await self._scan_trip(trip)
        self.till.sale_changed()
        view = self.till.sale
        total = view.totals.total_ore if view is not None else 0
        facts = TripFacts(first_trip=first_trip, total_ore=total, removals=trip.removals)
        decision = decide_audit(self.settings.audit, facts, self.rng)
        if decision.selected and trip.items:
            self.audit = TripAudit(trip, decision, self.settings.audit.sample_size,
                                   self.till.settings, line_keys)
            board.set(audit=self.audit.state())
            board.wait(WaitReason.AUDIT)
        return True

    def _check_trip(self, trip: Trip) -> None:
        if trip.store != self.till.store:
            raise TillError(T("checkout_code_another_store"))
        sale_id = self.trips.sale_of(trip.trip_id)
        if sale_id is not None and is_paid(self.till.journal.sale_status(sale_id)):
            raise TillError(T("trip_already_paid"))
        sale = self.till.sale
        if sale is not None and sale.totals.item_count:
            raise TillError(T("finish_cancel_sale_progress_first"))

    async def _scan_trip(self, trip: Trip) -> dict[int, str]:
        line_keys: dict[int, str] = {}
        for item in trip.items:
            for _ in range(item.quantity):
                await self._scan_tracked(item.code, item_key(item.code, self.till.settings),
                                         line_keys)
        return line_keys

    async def _scan_tracked(self, text: str, key: str, line_keys: dict[int, str]) -> None:
        before = {line.line_id for line in self.till.lines_of_sale()}
        await self.till.scan(text, None)
        for line in self.till.lines_of_sale():
            if line.line_id not in before and line.parent_id is None:
                line_keys[line.line_id] = key

    # -- the audit -------------------------------------------------------------------------------

    def rescan(self, text: str) -> None:
        """The attendant rescans an item from the bag during the audit."""
        audit = self.audit
        assert audit is not None
        was = audit.phase
        phase = audit.rescan(text)
        if was is AuditPhase.SAMPLE and phase is AuditPhase.FULL:
            self.board.notice(ESCALATED, "audit_escalated", "warning")
        if phase is AuditPhase.DONE:
            self._audit_done()
        self.board.set(audit=audit.state())

    async def finish_full_rescan(self) -> bool:
        """The attendant has rescanned the whole bag: correct the sale to match it."""
        audit = self.audit
        if (audit is None or audit.phase is not AuditPhase.FULL
                or not self.board.state.attendant_mode):
            return False
        to_add, extra = audit.finish_full()
        for text in to_add:
            await self._scan_tracked(text, text, audit.line_keys)
        for key, count in extra.items():
            self._take_off(audit, key, count)
        self._audit_done()
        self.board.set(audit=audit.state())
        return True

    def _take_off(self, audit: TripAudit, key: str, count: int) -> None:
        sale = self.till.sale
        lines = {line.line_id: line for line in sale.lines} if sale is not None else {}
        attendant = self.board.state.attendant_id
        for line_id in audit.lines_for(key):
            line = lines.get(line_id)
            if count <= 0 or line is None or line.voided:
                continue
            if line.quantity > count:
                self.till.change_quantity(line_id, line.quantity - count)
                count = 0
            else:
                self.till.void_line(line_id, f"audit {attendant}")
                count -= line.quantity

    def _audit_done(self) -> None:
        audit = self.audit
        assert audit is not None
        self.actions.append({"action": "audit", **audit.summary()})
        self.board.unwait(WaitReason.AUDIT)
