"""The headless driver's register commands, in-process (the same `run_command` testers pipe to)."""

from __future__ import annotations

import json

from pos.faces.headless.driver import run_command
from pos.journal import EventType
from tests.fixtures.register_sales import MILK, sell


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]


async def test_returnable_return_report_and_cash_commands(till, hub, capsys):
    nr = await sell(till, hub, {MILK: 2})
    capsys.readouterr()
    await run_command(till, f"returnable {nr}")
    (answer,) = _lines(capsys)
    assert [(r["line_id"], r["quantity_left"], r["amount_left_ore"])
            for r in answer["returnable"]] == [(1, 2, 2980)]
    assert "melk" in answer["returnable"][0]["description"]
    await run_command(till, f"return KV3-{nr} 1:1 cash")
    await run_command(till, "float 50000")
    await run_command(till, "drawer")
    await run_command(till, "training on 1 1234")
    await run_command(till, "training off 1 1234")
    await run_command(till, "x-report")
    await run_command(till, "z-report")
    await run_command(till, "z-report")  # refused: the same day
    types = [e.type for e in till.journal.entries()]
    for expected in (EventType.CASH_FLOAT, EventType.TRAINING_ON, EventType.TRAINING_OFF,
                     EventType.REPORT_X, EventType.REPORT_Z):
        assert expected in types
    assert types.count(EventType.REPORT_Z) == 1
    assert "already" in hub.notices[-1]
    back = till.journal.cash_transaction(nr + 1)
    assert back is not None and back.cash.amount_in == -1490
