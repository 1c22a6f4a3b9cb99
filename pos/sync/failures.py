"""Is this failure worth a retry? One answer for the client, the outbox and the card reads.

A till must never drop a purchase because the backend had a bad minute, and must
never hammer it with a request that can only be refused again. Every HTTP status
the member backend can answer falls in one of four kinds:

- `OK` (2xx/3xx);
- `RETRY`: the backend or the way to it is in trouble (5xx, 408 timeout, 425 too
  early, 429 rate-limited): try again later, with backoff;
- `AUTH` (401, 403): the terminal key was refused. Lookups tell the cashier at once,
  but the outbox keeps its purchases and retries: an operator fixes the key (or
  restores the terminal) and nothing is lost meanwhile;
- `PERMANENT`: any other 4xx, an answer repeating cannot change (a purchase the
  backend refuses, an unknown card): set aside with its reason, not retried.
"""

from __future__ import annotations

from enum import Enum


class FailureKind(Enum):
    OK = "ok"
    RETRY = "retry"
    AUTH = "auth"
    PERMANENT = "permanent"


TRANSIENT_STATUSES = frozenset({408, 425, 429})
AUTH_STATUSES = frozenset({401, 403})


def classify(status: int) -> FailureKind:
    """The kind of an HTTP status from the member backend."""
    if status < 400:
        return FailureKind.OK
    if status >= 500 or status in TRANSIENT_STATUSES:
        return FailureKind.RETRY
    if status in AUTH_STATUSES:
        return FailureKind.AUTH
    return FailureKind.PERMANENT


def is_transient(status: int) -> bool:
    """The client's question: a failure of the line, not an answer (→ offline, retry)."""
    return classify(status) is FailureKind.RETRY


def is_definitive(status: int) -> bool:
    """The queues' question: set it aside for good? (AUTH is retried: nothing is lost.)"""
    return classify(status) is FailureKind.PERMANENT
