"""A Coopay sale returned at the till against the real backend (uvicorn on 127.0.0.1):
the Coopay payment is refunded through the backend and the member's ledger is reversed."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pos.compliance.ledger import read_ledger
from pos.domain.catalog import load_default_catalog
from pos.journal import Journal, TransactionKind
from pos.sync.client import TerminalClient
from pos.sync.drain import Accepted, drain_async
from pos.till import Till
from pos.tools.demo_devices import StandInHub

MILK_175 = "7040000001839"  # 38.90, dairy: earns dividend


def _login(base_url: str, phone: str) -> str:
    """The app's SMS login, the code read from the backend's dev outbox: a session token."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        started = http.post("/app/v1/login/sms", json={
            "phone": phone, "device_id": f"return-test-{uuid.uuid4().hex[:8]}"})
        assert started.status_code == 202, started.text
        messages = http.get("/dev/v1/outbox", params={"phone": phone, "limit": 500}).json()
        code = re.search(r"\b(\d{6})\b", [m for m in messages if m["kind"] == "otp"][-1]["body"])
        assert code is not None
        verified = http.post("/app/v1/login/sms/verify", json={
            "challenge_id": started.json()["challenge_id"], "code": code[1]})
        assert verified.status_code == 200, verified.text
        return verified.json()["session_token"]


def _app(base_url: str, token: str, method: str, path: str) -> dict:
    with httpx.Client(base_url=base_url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as http:
        response = http.request(method, path)
        assert response.status_code in (200, 201), response.text
        return response.json()


@pytest.fixture
def till(backend_server) -> Iterator[Till]:
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="compliance-backend-", dir=ram) as tmp:
        hub = StandInHub()
        journal = Journal.open(Path(tmp) / "till.sqlite", register_id=str(backend_server.register),
                               store_id=str(backend_server.store))
        till = Till(journal=journal, catalog=load_default_catalog(),
                    store=str(backend_server.store), register=str(backend_server.register),
                    hub=hub, listener=hub.listen,
                    client=TerminalClient(backend_server.base_url, backend_server.terminal_key))
        till.start(sync=False)
        till.login("1", "1234")
        till.hub_for_test = hub  # type: ignore[attr-defined]
        yield till
        journal.close()


async def _sync(till: Till) -> list[dict]:
    answers: list[dict] = []

    async def send(item):
        answer = await till.client.send_purchase(item.purchase_id, item.body)  # type: ignore
        answers.append(answer)
        return Accepted(answer)

    report = await drain_async(till.outbox, send)
    assert report.error is None and till.outbox.pending_count() == 0
    return answers


async def test_a_coopay_sale_is_refunded_by_coopay_and_the_dividend_reversed(till,
                                                                              backend_server):
    hub: StandInHub = till.hub_for_test  # type: ignore[attr-defined]
    ola = backend_server.member("ola")
    token = _login(backend_server.base_url, ola["phone"])
    qr = _app(backend_server.base_url, token, "POST", "/app/v1/coopay/tokens")["qr_payload"]
    assert till.add_product(MILK_175, 2)
    assert await till.pay_coopay(qr), hub.notices[-1:]
    nr = hub.completed[-1]
    (sold,) = await _sync(till)
    earned = sold["earned"]["dividend_ore"]
    assert earned > 0

    back = await till.start_return(str(nr), {1: 1})
    assert back == nr + 1, hub.notices[-1:]
    tx = read_ledger(till.journal).by_nr(back)
    assert tx is not None and tx.kind is TransactionKind.RETURN
    (refund,) = tx.payments
    assert (refund.kind, refund.amount_ore) == ("coopay", -3890)
    assert refund.reference.startswith("CR")  # the backend's refund reference
    (returned,) = await _sync(till)
    assert returned["kind"] == "return"
    assert returned["earned"]["eligible_ore"] == -3890
    assert returned["earned"]["dividend_ore"] < 0
    # the other unit, then nothing is left; the backend has reversed the whole dividend
    assert await till.start_return(str(nr), {1: 1}) == back + 1
    assert await till.start_return(str(nr)) is None
    (last,) = await _sync(till)
    reversed_total = returned["earned"]["dividend_ore"] + last["earned"]["dividend_ore"]
    assert -earned <= reversed_total <= -earned + 1  # per-return rounding at the backend
