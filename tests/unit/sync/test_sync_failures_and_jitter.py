"""One answer to "retry this?", and retry times that spread a chain's tills apart."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.sync.failures import FailureKind, classify, is_definitive, is_transient
from pos.sync.retry import Backoff, backoff_delay

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("status", "kind"), [
    (200, FailureKind.OK), (201, FailureKind.OK), (500, FailureKind.RETRY),
    (503, FailureKind.RETRY), (408, FailureKind.RETRY), (425, FailureKind.RETRY),
    (429, FailureKind.RETRY), (401, FailureKind.AUTH), (403, FailureKind.AUTH),
    (400, FailureKind.PERMANENT), (404, FailureKind.PERMANENT), (409, FailureKind.PERMANENT),
    (422, FailureKind.PERMANENT),
])
def test_every_status_has_one_kind(status, kind):
    assert classify(status) is kind


@given(st.integers(100, 599))
def test_the_client_and_the_queues_never_disagree(status):
    """Transient to the client → retried by the queues; never both "offline" and "set aside"."""
    assert not (is_transient(status) and is_definitive(status))
    if classify(status) is FailureKind.AUTH:  # refused key: kept and retried, not dropped
        assert not is_definitive(status) and not is_transient(status)


def test_a_hundred_tills_failing_together_do_not_retry_together():
    base, cap = timedelta(seconds=1), timedelta(minutes=5)
    rng = random.Random(7)
    tills = [Backoff(base, cap, jitter=random.Random(rng.random()).random) for _ in range(100)]
    times = [till.next_time(NOW, attempts=6) for till in tills]  # window: 32 s
    assert all(NOW <= t <= NOW + timedelta(seconds=32) for t in times)
    assert len({t.replace(microsecond=0) for t in times}) >= 25  # spread over the window
    busiest = max(sum(1 for t in times if abs((t - s).total_seconds()) < 0.5) for s in times)
    assert busiest <= 10  # never a thundering herd in one second


@given(st.integers(1, 10_000), st.floats(0, 1, exclude_max=True))
def test_the_cap_holds_with_jitter(attempts, draw):
    delay = backoff_delay(attempts, base=timedelta(seconds=1), cap=timedelta(minutes=5),
                          jitter=lambda: draw)
    assert timedelta(0) <= delay <= timedelta(minutes=5)


def test_without_jitter_the_delay_is_the_plain_exponential():
    assert [backoff_delay(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (1, 2, 4)]
