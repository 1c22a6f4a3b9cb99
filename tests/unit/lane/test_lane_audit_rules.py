"""The random audit's selection rules and the check itself (deterministic random source)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.domain.audit import (
    AuditCheck,
    AuditError,
    AuditOutcome,
    AuditPhase,
    AuditPolicy,
    TripFacts,
    audit_probability,
    decide_audit,
)


class Fixed:
    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


POLICY = AuditPolicy(base_rate=0.05, first_trip_rate=0.5, high_value_ore=150_000,
                     high_value_rate=0.25, many_removals=3, many_removals_rate=0.25)


def test_an_ordinary_trip_has_only_the_base_share():
    facts = TripFacts(first_trip=False, total_ore=10_000, removals=0)
    decision = decide_audit(POLICY, facts, Fixed(0.10))
    assert not decision.selected and decision.reasons == () and decision.probability == 0.05
    assert decide_audit(POLICY, facts, Fixed(0.01)).selected


def test_risk_rules_raise_the_share_and_say_why():
    facts = TripFacts(first_trip=True, total_ore=200_000, removals=4)
    decision = decide_audit(POLICY, facts, Fixed(0.99))
    assert decision.reasons == ("first_trip", "high_value", "many_removals")
    assert decision.probability == 1.0 and decision.selected
    first = decide_audit(POLICY, TripFacts(True, 1_000, 0), Fixed(0.5))
    assert first.selected and first.reasons == ("first_trip",)


@given(st.booleans(), st.integers(0, 10**7), st.integers(0, 100))
def test_probability_is_a_share_that_never_falls_with_more_risk(first, total, removals):
    base = audit_probability(POLICY, TripFacts(first, total, removals))
    assert 0.0 <= base <= 1.0
    assert audit_probability(POLICY, TripFacts(True, total, removals)) >= base
    assert audit_probability(POLICY, TripFacts(first, total, removals + 5)) >= base


def test_a_matching_sample_passes():
    check = AuditCheck.for_items(["A", "A", "B", "C"], sample_size=3)
    assert check.rescan("A") is AuditPhase.SAMPLE
    assert check.rescan("B") is AuditPhase.SAMPLE
    assert check.remaining_in_sample == 1
    assert check.rescan("A") is AuditPhase.DONE
    assert check.summary(AuditOutcome.PASSED)["escalated"] is False


def test_an_item_not_on_the_trip_escalates_to_a_full_rescan_that_corrects():
    check = AuditCheck.for_items(["A", "B"], sample_size=2)
    check.rescan("A")
    assert check.rescan("X") is AuditPhase.FULL  # in the bag, not on the trip
    for key in ("A", "X"):  # the full rescan: B is not in the bag at all
        check.rescan(key)
    missing, extra = check.differences()
    assert dict(missing) == {"X": 1} and dict(extra) == {"B": 1}
    assert check.finish_full() is AuditOutcome.CORRECTED
    summary = check.summary(AuditOutcome.CORRECTED)
    assert summary["mismatches"] == ["X"] and summary["missing"] == {"X": 1}
    with pytest.raises(AuditError):
        check.rescan("A")


def test_one_unit_too_many_is_a_mismatch_too():
    check = AuditCheck.for_items(["A", "B"], sample_size=2)
    check.rescan("A")
    assert check.rescan("A") is AuditPhase.FULL


def test_a_full_rescan_that_matches_confirms():
    check = AuditCheck.for_items(["A"], sample_size=3)
    assert check.sample_size == 1
    check.rescan("B")
    check.rescan("A")
    assert check.finish_full() is AuditOutcome.CONFIRMED


def test_bad_policies_and_empty_trips_are_refused():
    with pytest.raises(ValueError):
        AuditPolicy(base_rate=1.5)
    with pytest.raises(AuditError):
        AuditCheck.for_items([], 3)
