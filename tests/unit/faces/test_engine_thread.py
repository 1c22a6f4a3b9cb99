"""The engine thread: one inbox, arrival order, answers as futures, back-pressure for devices."""

from __future__ import annotations

import asyncio
import threading

import pytest

from pos.faces.engine_thread import EngineThread, EngineThreadStopped
from tests.fixtures.waiting import wait_until


@pytest.fixture
def engine():
    thread = EngineThread("test-engine", max_pending=3).start()
    yield thread
    thread.stop()


def test_work_runs_on_the_engine_thread_in_arrival_order(engine):
    seen: list[tuple[str, int]] = []

    async def slow(n: int) -> int:
        await asyncio.sleep(0)  # an async command yields; the next must still wait for it
        seen.append((threading.current_thread().name, n))
        return n

    def quick(n: int) -> int:
        seen.append((threading.current_thread().name, n))
        return n

    futures = [engine.submit(slow if n % 2 else quick, n) for n in range(20)]
    assert [f.result(timeout=10) for f in futures] == list(range(20))
    assert seen == [("test-engine", n) for n in range(20)]


def test_a_failure_reaches_whoever_waits_and_the_next_command_still_runs(engine):
    def refuse() -> None:
        raise ValueError("refused")

    failed = engine.submit(refuse)
    after = engine.submit(lambda: "still here")
    with pytest.raises(ValueError, match="refused"):
        failed.result(timeout=10)
    assert after.result(timeout=10) == "still here"


def test_device_events_wait_on_the_reader_while_the_inbox_is_full(engine):
    gate = threading.Event()
    handled: list[int] = []
    engine.submit(gate.wait)  # the engine is busy (a slow backend answer, say)
    reader_done = threading.Event()

    def reader() -> None:
        for n in range(5):
            engine.deliver(handled.append, n)
        reader_done.set()

    threading.Thread(target=reader, daemon=True).start()
    wait_until(lambda: engine._slots._value == 0, what="three events to fill the inbox")
    assert not reader_done.is_set()  # the fourth waits on the reader thread, not in memory
    gate.set()
    wait_until(reader_done.is_set, what="the reader to get through")
    engine.submit(lambda: None).result(timeout=10)
    assert handled == [0, 1, 2, 3, 4]


def test_settle_waits_for_everything_queued_before_it(engine):
    gate = threading.Event()
    done: list[str] = []
    engine.submit(gate.wait)
    engine.send(done.append, "a")

    async def settle() -> list[str]:
        waiter = asyncio.ensure_future(engine.settle())
        await asyncio.sleep(0)
        assert not waiter.done()
        gate.set()
        await waiter
        return list(done)

    assert asyncio.run(settle()) == ["a"]


def test_stop_finishes_queued_work_and_then_refuses_more():
    engine = EngineThread("short-lived").start()
    queued = engine.submit(lambda: "finished")
    engine.stop()
    assert queued.result(timeout=1) == "finished"
    assert not engine.running
    with pytest.raises(EngineThreadStopped):
        engine.submit(lambda: None).result(timeout=1)
