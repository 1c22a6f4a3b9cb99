"""A ShopExpress audit at the lane: the attendant's rescans against the sale built from the trip.

The rules (who is picked, what counts as a mismatch) are pure
(`pos.domain.audit`); this binds them to the open sale: which sale lines came
from which item (so a full rescan can void what is not in the bag) and which
scanned text to add again for what is in the bag but not on the trip.
"""

from __future__ import annotations

from collections import Counter

from pos.domain.audit import AuditCheck, AuditDecision, AuditOutcome, AuditPhase
from pos.domain.settings import StoreSettings
from pos.domain.shopexpress import Trip
from pos.lane.state import AuditState
from pos.lane.trip_intake import item_key


class TripAudit:
    def __init__(self, trip: Trip, decision: AuditDecision, sample_size: int,
                 settings: StoreSettings, line_keys: dict[int, str]) -> None:
        self.trip = trip
        self.decision = decision
        self.settings = settings
        self.line_keys = dict(line_keys)
        """Sale line id → item key, for the lines the trip's scans made."""
        keys = [item_key(item.code, settings) for item in trip.items
                for _ in range(item.quantity)]
        self.check = AuditCheck.for_items(keys, sample_size)
        self.texts: dict[str, str] = {}
        """Item key → a scanned text for it (to add what the bag has and the trip lacks)."""
        self.outcome: AuditOutcome | None = None

    @property
    def phase(self) -> AuditPhase:
        return self.check.phase

    @property
    def in_progress(self) -> bool:
        return self.check.phase is not AuditPhase.DONE

    def rescan(self, text: str) -> AuditPhase:
        key = item_key(text, self.settings)
        self.texts.setdefault(key, text.strip())
        phase = self.check.rescan(key)
        if phase is AuditPhase.DONE and self.outcome is None:
            self.outcome = AuditOutcome.PASSED
        return phase

    def finish_full(self) -> tuple[list[str], Counter[str]]:
        """End the full rescan: (texts to add, item key → units to take off)."""
        self.outcome = self.check.finish_full()
        missing, extra = self.check.differences()
        to_add = [self.texts[key] for key, count in missing.items() for _ in range(count)]
        return to_add, extra

    def lines_for(self, key: str) -> list[int]:
        return [line_id for line_id, k in self.line_keys.items() if k == key]

    def summary(self) -> dict:
        outcome = self.outcome or AuditOutcome.PASSED
        return {"trip_id": self.trip.trip_id, "reasons": list(self.decision.reasons),
                "probability_permille": round(self.decision.probability * 1000),
                **self.check.summary(outcome)}

    def state(self) -> AuditState:
        check = self.check
        rescanned = (len(check.sampled) if check.phase is AuditPhase.SAMPLE or not check.rescanned
                     else sum(check.rescanned.values()))
        return AuditState(
            phase=check.phase.value, sample_size=check.sample_size, rescanned=rescanned,
            reasons=self.decision.reasons, mismatches=tuple(check.mismatches),
            outcome=self.outcome.value if self.outcome else "",
        )
