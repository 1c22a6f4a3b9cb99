"""`pos-backend member balance` and a command line that answers at once.

Real server, real purchases over HTTP, then the command against the server's
database: the balances are what the purchases earned, member numbers masked, the
read audited. `--help` imports no web or database stack (checked in a fresh
interpreter, not timed).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from backend_http import terminal

from backend_stub.seeding.sample_purchases import purchase_body

pytestmark = pytest.mark.slow


def _buy(server, member_key: str) -> dict:
    body = purchase_body(server.store, server.register,
                         member={"card_number": server.member(member_key)["card_number"]})
    with terminal(server) as http:
        answer = http.post("/terminal/v1/purchases", json=body,
                           headers={"Idempotency-Key": body["purchase_id"]})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_balance_shows_what_the_purchases_earned_masked_and_audited(backend_factory):
    server = backend_factory()
    earned = [_buy(server, "per")["earned"] for _ in range(2)]
    card = server.member("per")["card_number"]

    as_json = server.cli("member", "balance", "--card", card, "--json", "--actor", "anne")
    assert as_json.returncode == 0, as_json.stderr
    found = json.loads(as_json.stdout)
    assert found["balances"]["dividend_ore"] == sum(e["dividend_ore"] for e in earned)
    assert found["balances"]["bonus_ore"] == sum(e["bonus_ore"] for e in earned)
    assert len(found["entries"]) >= 2 and found["member"]["initials"] == "PH"

    text = server.cli("member", "balance", "--member-ref", found["member"]["member_ref"],
                      "--last", "1").stdout
    assert "kjøpeutbytte" in text and "ledger entry" in text
    total = found["balances"]["dividend_ore"]
    assert f"kr {total // 100},{total % 100:02d}" in text
    for secret in (card, server.member("per").get("national_id", "no-national-id")):
        assert secret not in text and secret not in as_json.stdout

    with sqlite3.connect(server.db_url.removeprefix("sqlite:///")) as db:
        actors = [row[0] for row in db.execute(
            "SELECT actor FROM privacy_audit_log WHERE what = 'account'")]
    assert "anne" in actors


def test_balance_of_an_unknown_card_is_a_clear_refusal(backend_server):
    result = backend_server.cli("member", "balance", "--card", "9578019999999999")
    assert result.returncode == 2 and "card_unknown" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_imports_neither_the_web_nor_the_database_stack():
    probe = ("import sys; from backend_stub.cli import build_parser; build_parser(); "
             "heavy = [m for m in ('sqlalchemy', 'fastapi', 'uvicorn', 'alembic', 'pydantic') "
             "if m in sys.modules]; print(','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip() == ""
    usage = subprocess.run([sys.executable, "-m", "backend_stub", "--help"],
                           capture_output=True, text=True, timeout=120, check=True)
    assert "member" in usage.stdout and "balance" not in usage.stderr
