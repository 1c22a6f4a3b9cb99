"""SIGKILL the till mid-sale: on restart every committed event is there and the sale is back."""

from __future__ import annotations

import itertools
import signal

import pytest
from journal_writer import REGISTER, STORE, expected, perform, script

from pos.journal import EventType, Journal, verify_journal
from pos.sync.outbox import Outbox


def _read_until_mid_sale(child, at_least: int) -> list[tuple[int, str, str]]:
    """Collect reported commits until `at_least` of them and the last one is a sale line."""
    reported = []
    for line in child.stdout:
        seq, kind, sale_id = line.split()
        reported.append((int(seq), kind, sale_id))
        if len(reported) >= at_least and kind == EventType.LINE_ADDED:
            return reported
    raise AssertionError(f"the writer stopped early: {child.stderr.read()}")


@pytest.mark.parametrize("kill_after", [12, 57, 140])
def test_a_killed_till_comes_back_with_exactly_what_it_committed(tmp_path, spawn, kill_after):
    path = tmp_path / "till.sqlite"
    child = spawn("journal_writer.py", str(path))
    reported = _read_until_mid_sale(child, kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Journal.open(path, register_id=REGISTER, store_id=STORE) as journal:
        entries = list(journal.entries())
        # nothing reported as committed is missing or different
        assert len(entries) >= len(reported)
        for seq, kind, sale_id in reported:
            entry = entries[seq - 1]
            assert (entry.seq, entry.type, entry.sale_id or "-") == (seq, kind, sale_id)
        # the file holds exactly a prefix of the script: no torn or half-written entry
        assert [e.type for e in entries[:2]] == [
            EventType.SIGNING_KEY_CREATED, EventType.OPERATOR_LOGIN,
        ]
        steps = list(itertools.islice(script(), len(entries) - 2))
        assert [(e.type, e.sale_id, dict(e.payload)) for e in entries[2:]] == [
            expected(*step) for step in steps
        ]
        # the open sale is the last started one, with exactly its committed events
        last_start = max(i for i, step in enumerate(steps) if step[0] == "start")
        open_steps = steps[last_start:]
        replay = journal.open_sale()
        if open_steps[-1][0] == "complete":
            assert replay is None
        else:
            assert replay is not None
            assert replay.sale_id == expected(*open_steps[0])[1]
            assert [(e.type, e.sale_id, dict(e.payload)) for e in replay.events] == [
                expected(*step) for step in open_steps
            ]
            assert replay.events == [e for e in entries if e.sale_id == replay.sale_id]
        # a completed sale and its queued purchase were one commit
        outbox = Outbox.for_journal(journal)
        completed = {e.sale_id for e in entries if e.type == EventType.SALE_COMPLETED}
        queued = {item.purchase_id for item in outbox.next_batch(10_000)}
        assert completed == queued
        # the till sells on: it finishes the open sale and the chain continues
        if replay is not None:
            remaining = list(itertools.islice(script(), len(entries) - 2, len(entries) + 10))
            for step in remaining:
                perform(journal, outbox, *step)
                if step[0] == "complete":
                    break
            assert journal.open_sale() is None

    report = verify_journal(path)
    assert report.ok, report.summary("en")
    assert report.cash_transactions == len(completed) + (1 if replay is not None else 0)
