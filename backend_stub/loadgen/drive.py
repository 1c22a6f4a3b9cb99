"""Driving the simulated tills: an open-loop schedule, a till's retries, the figures.

Each till works like the real one: a member card read → a lookup; the sale → a
purchase with the purchase's UUID as Idempotency-Key, sent in order (or, with
`batch` > 1, queued as while offline, without lookups, and drained in batches),
retried with the same key until the backend answers (a dropped connection or a 5xx
is retried, the answer is never lost). A share of purchases is sent twice on
purpose, as a till does whose answer got lost, and the replay must be the stored
answer. The chain sends `rate` purchases per second in all
(0 = as fast as the backend takes them) for `duration` seconds.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from backend_stub.loadgen.fleet import TillSpec
from backend_stub.loadgen.wire import Answer, Connection, WireError, encode_request
from backend_stub.seeding.sample_purchases import purchase_body, sample_lines

RETRY_FIRST_SECONDS = 0.05
RETRY_MAX_SECONDS = 2.0
GIVE_UP_AFTER_SECONDS = 120.0


@dataclass(frozen=True)
class LoadPlan:
    tills: int
    rate: float
    duration: float
    batch: int = 1
    member_share: float = 0.5
    duplicate_share: float = 0.02
    lines: int = 10
    seed: int = 1


@dataclass
class Tally:
    """What happened, as the tills saw it."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    answers: dict[str, dict] = field(default_factory=dict)  # purchase id → recorded answer
    retries: int = 0
    failures: list[str] = field(default_factory=list)
    replays: int = 0
    replay_mismatches: int = 0
    started: float = 0.0
    finished: float = 0.0

    def took(self, kind: str, seconds: float, status: int) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.statuses[f"{kind} {status}"] += 1

    def fail(self, what: str) -> None:
        if len(self.failures) < 20:
            self.failures.append(what)
        else:
            self.failures[-1] = f"… and more ({what})"


class SimulatedTill:
    def __init__(
        self, spec: TillSpec, plan: LoadPlan, cards: list[str], host: str, port: int, phase: float
    ):
        self.spec = spec
        self.phase = phase  # where in the chain's cycle this till's first sale falls (0..1)
        self.plan = plan
        self.cards = cards
        self.rng = random.Random(f"{plan.seed}:{spec.name}")
        self.connection = Connection(host, port)
        self.auth = {"Authorization": f"Bearer {spec.key}"}
        self.queue: list[dict] = []

    async def _call(self, tally: Tally, kind: str, request: bytes) -> Answer | None:
        """Send until answered below 500 (as the till's outbox does); None if given up."""
        delay = RETRY_FIRST_SECONDS
        give_up = time.monotonic() + GIVE_UP_AFTER_SECONDS
        while True:
            started = time.perf_counter()
            try:
                answer = await self.connection.send(request)
            except WireError as exc:
                answer, why = None, f"{kind}: {exc}"
            else:
                tally.took(kind, time.perf_counter() - started, answer.status)
                if answer.status < 500:
                    return answer
                why = f"{kind}: HTTP {answer.status}"
            if time.monotonic() > give_up:
                tally.fail(f"gave up: {why}")
                return None
            tally.retries += 1
            await asyncio.sleep(self.rng.uniform(0, delay))  # full jitter
            delay = min(delay * 2, RETRY_MAX_SECONDS)

    async def _lookup(self, tally: Tally, card: str) -> None:
        request = encode_request(
            "POST", "/terminal/v1/members/lookup", self.auth, {"card_number": card}
        )
        answer = await self._call(tally, "lookup", request)
        if answer is not None and answer.status not in (200, 403, 404):
            tally.fail(f"lookup answered {answer.status}: {answer.body[:200]!r}")

    def _sale(self) -> dict:
        member = None
        if self.rng.random() < self.plan.member_share:
            member = {"card_number": self.rng.choice(self.cards)}
        return purchase_body(
            self.spec.store,
            self.spec.register,
            lines=sample_lines(self.plan.lines, rng=self.rng),
            member=member,
            receipt_number=f"{self.spec.register}-{self.rng.randrange(1_000_000):06d}",
        )

    def _note(self, tally: Tally, body: dict, status: int, answer: dict, replayed: bool) -> None:
        purchase_id = body["purchase_id"]
        if status != 201:
            tally.fail(f"purchase {purchase_id} answered {status}: {str(answer)[:200]}")
            return
        if purchase_id in tally.answers:
            tally.replays += 1
            if not replayed or answer != tally.answers[purchase_id]:
                tally.replay_mismatches += 1
                tally.fail(f"purchase {purchase_id}: the replay differs from the first answer")
        else:
            tally.answers[purchase_id] = answer

    async def _send_one(self, tally: Tally, body: dict) -> None:
        headers = {**self.auth, "Idempotency-Key": body["purchase_id"]}
        request = encode_request("POST", "/terminal/v1/purchases", headers, body)
        answer = await self._call(tally, "purchase", request)
        if answer is not None:
            replayed = answer.headers.get("idempotent-replayed") == "true"
            self._note(tally, body, answer.status, answer.json(), replayed)

    async def _send_batch(self, tally: Tally, bodies: list[dict]) -> None:
        items = [{"idempotency_key": b["purchase_id"], "purchase": b} for b in bodies]
        request = encode_request(
            "POST", "/terminal/v1/purchases/batch", self.auth, {"items": items}
        )
        answer = await self._call(tally, "batch", request)
        if answer is None:
            return
        if answer.status != 200:
            tally.fail(f"batch answered {answer.status}: {answer.body[:200]!r}")
            return
        for body, result in zip(bodies, answer.json()["results"], strict=True):
            self._note(tally, body, result["status"], result["body"], result["replayed"])

    async def _sell(self, tally: Tally) -> None:
        body = self._sale()
        if "member" in body and self.plan.batch <= 1:  # a queue drained later looked up nothing
            await self._lookup(tally, body["member"]["card_number"])
        again = self.rng.random() < self.plan.duplicate_share
        if self.plan.batch <= 1:
            await self._send_one(tally, body)
            if again:
                await self._send_one(tally, body)
            return
        self.queue.append(body)
        if again:
            self.queue.append(body)
        if len(self.queue) >= self.plan.batch:
            await self.flush(tally)

    async def flush(self, tally: Tally) -> None:
        queued, self.queue = self.queue, []
        first, duplicates = [], []
        for body in queued:  # one key once per batch; a repeat goes in the next request
            (duplicates if body in first else first).append(body)
        if first:
            await self._send_batch(tally, first)
        if duplicates:
            await self._send_batch(tally, duplicates)

    async def run(self, tally: Tally, start: float) -> None:
        plan = self.plan
        interval = plan.tills / plan.rate if plan.rate > 0 else 0.0
        due = start + self.phase * interval  # evenly spread: the chain offers exactly `rate`
        end = start + plan.duration
        try:
            while due < end and time.monotonic() < end:
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                await self._sell(tally)
                due += interval
            await self.flush(tally)
        finally:
            await self.connection.close()


async def _progress(tally: Tally, plan: LoadPlan, stream) -> None:
    tty = stream.isatty()
    while True:
        await asyncio.sleep(1.0)
        elapsed = time.monotonic() - tally.started
        done = len(tally.answers)
        line = (
            f"load: {elapsed:5.0f}/{plan.duration:.0f} s  purchases {done:,} "
            f"({done / max(elapsed, 1e-9):,.0f}/s)  lookups "
            f"{len(tally.latencies.get('lookup', [])):,}  retries {tally.retries:,}  "
            f"failures {len(tally.failures)}"
        )
        stream.write(("\r" + line) if tty else (line + "\n"))
        stream.flush()


async def drive(
    plan: LoadPlan, tills: list[TillSpec], cards: list[str], host: str, port: int, stream=None
) -> Tally:
    """Run every till until `plan.duration` has passed and every queue is drained."""
    stream = stream or sys.stderr
    tally = Tally()
    simulated = [
        SimulatedTill(spec, plan, cards, host, port, n / len(tills)) for n, spec in enumerate(tills)
    ]
    tally.started = time.monotonic()
    progress = asyncio.create_task(_progress(tally, plan, stream))
    try:
        await asyncio.gather(*(till.run(tally, tally.started) for till in simulated))
    finally:
        progress.cancel()
        tally.finished = time.monotonic()
        if stream.isatty():
            stream.write("\n")
    return tally
