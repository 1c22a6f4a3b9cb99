"""HTTP helpers for the backend API tests: the app's login flow as a phone performs it."""

from __future__ import annotations

import re
import uuid

import httpx


def client(server) -> httpx.Client:
    return httpx.Client(base_url=server.base_url, timeout=30)


def terminal(server, key: str | None = None) -> httpx.Client:
    key = key or server.terminal_key
    return httpx.Client(
        base_url=server.base_url, timeout=30, headers={"Authorization": f"Bearer {key}"}
    )


def app(server, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.base_url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    )


def latest_code(http: httpx.Client, phone: str) -> str:
    messages = http.get("/dev/v1/outbox", params={"phone": phone, "limit": 500}).json()
    codes = [m for m in messages if m["kind"] == "otp"]
    return re.search(r"\b(\d{6})\b", codes[-1]["body"])[1]


def login_sms(server, phone: str, device: str | None = None) -> str:
    """Start the SMS login, read the code from the dev outbox, verify: a session token."""
    with client(server) as http:
        started = http.post(
            "/app/v1/login/sms",
            json={"phone": phone, "device_id": device or f"dev-{uuid.uuid4().hex[:8]}"},
        )
        assert started.status_code == 202, started.text
        verified = http.post(
            "/app/v1/login/sms/verify",
            json={"challenge_id": started.json()["challenge_id"], "code": latest_code(http, phone)},
        )
        assert verified.status_code == 200, verified.text
        return verified.json()["session_token"]


def coopay_token(server, token: str) -> str:
    with app(server, token) as http:
        response = http.post("/app/v1/coopay/tokens")
        assert response.status_code == 201, response.text
        return response.json()["qr_payload"]


def authorise(
    server, qr: str, amount: int = 10_000, key: str | None = None, terminal_key: str | None = None
) -> httpx.Response:
    key = key or str(uuid.uuid4())
    with terminal(server, terminal_key) as http:
        return http.post(
            "/terminal/v1/coopay/authorisations",
            headers={"Idempotency-Key": key},
            json={
                "qr_payload": qr,
                "amount_ore": amount,
                "purchase_id": str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
            },
        )
