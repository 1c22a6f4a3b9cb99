"""The ShopExpress random audit: who is checked, and what a check found. Pure rules.

Why pure with an injected random source: the share of audited trips and the
risk rules are store policy, and tests must be able to say "this trip is
audited" without luck. The lane passes a `random.Random` (or anything with
`.random()`); tests pass one that returns what they need.

Selection: every trip has the base chance (`base_rate`); each risk rule that
applies (first trip in this store, a high value, many removals) adds its own
share; the sum is capped at 1. A check: the attendant rescans `sample_size`
items picked from the bag. Every rescanned item must be on the trip (counting
units); the first one that is not escalates to a **full rescan**, whose result
is the bag as it really is: what is missing from the trip is added, what the
trip has but the bag does not is voided.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from pos.domain.texts import DomainError, T


class AuditError(DomainError):
    code = "audit_error"


class RandomSource(Protocol):
    def random(self) -> float: ...


@dataclass(frozen=True)
class AuditPolicy:
    """Store settings for the random audit (defaults are the co-op's suggestion)."""

    base_rate: float = 0.05
    first_trip_rate: float = 0.5
    high_value_ore: int = 150_000
    high_value_rate: float = 0.25
    many_removals: int = 3
    many_removals_rate: float = 0.25
    sample_size: int = 3

    def __post_init__(self) -> None:
        rates = (self.base_rate, self.first_trip_rate, self.high_value_rate,
                 self.many_removals_rate)
        if not all(0.0 <= rate <= 1.0 for rate in rates):
            raise ValueError("audit rates are shares between 0 and 1")
        if self.high_value_ore < 0 or self.many_removals < 1 or self.sample_size < 1:
            raise ValueError("audit thresholds must be positive")


@dataclass(frozen=True)
class TripFacts:
    """What the rules look at; the lane gathers them from the trip and its own records."""

    first_trip: bool
    total_ore: int
    removals: int


@dataclass(frozen=True)
class AuditDecision:
    selected: bool
    probability: float
    reasons: tuple[str, ...]
    """Stable keys: `first_trip`, `high_value`, `many_removals` (empty: the base share only)."""


def risk_reasons(policy: AuditPolicy, facts: TripFacts) -> tuple[str, ...]:
    reasons = []
    if facts.first_trip:
        reasons.append("first_trip")
    if facts.total_ore >= policy.high_value_ore:
        reasons.append("high_value")
    if facts.removals >= policy.many_removals:
        reasons.append("many_removals")
    return tuple(reasons)


def audit_probability(policy: AuditPolicy, facts: TripFacts) -> float:
    extra = {"first_trip": policy.first_trip_rate, "high_value": policy.high_value_rate,
             "many_removals": policy.many_removals_rate}
    share = policy.base_rate + sum(extra[r] for r in risk_reasons(policy, facts))
    return min(1.0, share)


def decide_audit(policy: AuditPolicy, facts: TripFacts, rng: RandomSource) -> AuditDecision:
    """Is this trip checked? One draw from `rng` against the trip's share."""
    probability = audit_probability(policy, facts)
    return AuditDecision(rng.random() < probability, probability, risk_reasons(policy, facts))


class AuditPhase(StrEnum):
    SAMPLE = "sample"
    FULL = "full"
    DONE = "done"


class AuditOutcome(StrEnum):
    PASSED = "passed"
    """The sample matched the trip."""
    CORRECTED = "corrected"
    """Escalated; the full rescan differed from the trip and the sale was corrected."""
    CONFIRMED = "confirmed"
    """Escalated; the full rescan matched the trip after all."""


@dataclass
class AuditCheck:
    """One check in progress: feed it the attendant's rescans (item keys), then finish it."""

    expected: Counter[str]
    sample_size: int
    phase: AuditPhase = AuditPhase.SAMPLE
    sampled: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    rescanned: Counter[str] = field(default_factory=Counter)

    @classmethod
    def for_items(cls, keys: list[str], sample_size: int) -> AuditCheck:
        if not keys:
            raise AuditError(T("trip_no_items_check"))
        return cls(Counter(keys), min(sample_size, len(keys)))

    @property
    def remaining_in_sample(self) -> int:
        return max(0, self.sample_size - len(self.sampled)) if self.phase is AuditPhase.SAMPLE \
            else 0

    def rescan(self, key: str) -> AuditPhase:
        """One rescanned item; returns the phase after it (a mismatch escalates to FULL)."""
        if self.phase is AuditPhase.DONE:
            raise AuditError(T("check_finished"))
        if self.phase is AuditPhase.FULL:
            self.rescanned[key] += 1
            return self.phase
        self.sampled.append(key)
        if Counter(self.sampled)[key] > self.expected[key]:
            self.mismatches.append(key)
            self.phase = AuditPhase.FULL
        elif len(self.sampled) >= self.sample_size:
            self.phase = AuditPhase.DONE
        return self.phase

    def differences(self) -> tuple[Counter[str], Counter[str]]:
        """After a full rescan: (missing from the trip, on the trip but not in the bag)."""
        return self.rescanned - self.expected, self.expected - self.rescanned

    def finish_full(self) -> AuditOutcome:
        if self.phase is not AuditPhase.FULL:
            raise AuditError(T("no_full_rescan_progress"))
        self.phase = AuditPhase.DONE
        missing, extra = self.differences()
        return AuditOutcome.CORRECTED if (missing or extra) else AuditOutcome.CONFIRMED

    def summary(self, outcome: AuditOutcome) -> dict:
        """What the journal keeps about the check (item keys are GTINs/labels, no personal data)."""
        missing, extra = self.differences() if self.rescanned else (Counter(), Counter())
        return {
            "outcome": outcome.value, "sample_size": self.sample_size,
            "sampled": list(self.sampled), "mismatches": list(self.mismatches),
            "escalated": bool(self.mismatches),
            "missing": dict(sorted(missing.items())), "extra": dict(sorted(extra.items())),
        }
