"""`pos-backend load`: simulated tills over real HTTP, then the exactly-once check that
would catch a lost or doubly counted purchase."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from backend_stub.core.context import Backend
from backend_stub.core.settings import BackendSettings
from backend_stub.loadgen import verify


def _load(server, tmp_path, *extra: str) -> tuple[int, dict, str]:
    out = tmp_path / "load.json"
    result = server.cli("load", "--url", server.base_url, "--json", str(out), *extra, timeout=300)
    figures = json.loads(out.read_text()) if out.exists() else {}
    return result.returncode, figures, result.stdout + result.stderr


@pytest.mark.parametrize("batch", ["1", "5"])
def test_simulated_tills_are_each_counted_once_on_two_workers(backend_factory, tmp_path, batch):
    server = backend_factory(workers=2)
    code, figures, output = _load(
        server, tmp_path,
        "--tills", "6", "--rate", "0", "--duration", "1", "--batch", batch,
        "--duplicates", "0.3", "--member-share", "0.8",
    )  # fmt: skip
    assert code == 0, output
    assert "exactly once" in output and "yes" in output
    verdict = figures["verdict"]
    assert verdict["exactly_once"] and verdict["recorded"] == figures["purchases"] >= 6
    assert verdict["ledger_booked_ore"] == verdict["ledger_told_ore"] > 0
    assert figures["replays"] > 0 and figures["replay_mismatches"] == 0
    # a till online looks its member cards up; a queue drained in batches did that offline
    assert ("lookup" in figures["latency"]) == (batch == "1")


def test_the_check_finds_a_lost_purchase_and_a_wrong_credit(backend_factory, tmp_path):
    server = backend_factory(workers=1)
    code, _, output = _load(server, tmp_path, "--tills", "2", "--rate", "0",
                                  "--duration", "0.5", "--member-share", "1")  # fmt: skip
    assert code == 0, output
    backend = Backend.open(BackendSettings(db_url=server.db_url, campaign_tick_seconds=0))
    try:
        answers = {}
        with backend.db.reading() as session:
            rows = session.execute(
                text("SELECT purchase_id, bonus_ore, dividend_ore FROM purchases"
                     " WHERE member_id IS NOT NULL AND dividend_ore > 0 LIMIT 1")
            ).all()  # fmt: skip
        purchase_id, bonus, dividend = rows[0]
        told = {"bonus_ore": bonus, "dividend_ore": dividend}
        answers[purchase_id] = {"account": {}, "earned": told}
        assert verify.check(backend, answers).exactly_once
        wrong = {purchase_id: {"account": {}, "earned": {**told, "dividend_ore": dividend + 1}}}
        assert verify.check(backend, wrong).ledger_mismatches == [purchase_id]
        lost = verify.check(backend, {**answers, "never-sent": answers[purchase_id]})
        assert lost.missing == ["never-sent"] and not lost.exactly_once
    finally:
        backend.close()


def test_bad_load_options_get_a_clear_error(backend_factory):
    server = backend_factory(workers=1, demo=False)
    result = server.cli("load", "--url", server.base_url, "--batch", "0")
    assert result.returncode == 2
    assert "--batch 1..500" in result.stderr
