"""Bad input to any API is a 4xx problem, never a 500; after any error the connection
stays usable (issue 14.4: a till read the dropped keep-alive connection as "offline")."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime

import uvicorn
from backend_http import client
from fastapi import FastAPI

from backend_stub.core import errors
from tests.fixtures.waiting import wait_until


def test_planning_a_campaign_while_one_runs_is_a_conflict(private_backend):
    with client(private_backend) as http:  # the demo set has a campaign running
        response = http.post("/dev/v1/relogin/plan", json={"waves": 2})
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "campaign_refused"
    assert response.headers["content-type"].startswith("application/problem+json")


def test_an_outbox_cursor_beyond_64_bits_is_refused(private_backend):
    phone = private_backend.member("ola")["phone"]
    with client(private_backend) as http:
        response = http.get("/dev/v1/outbox", params={"phone": phone, "after_id": 2**64})
    assert response.status_code == 422, response.text


def test_the_dev_clock_cannot_be_moved_past_year_9999(private_backend):
    with client(private_backend) as http:
        late = datetime(9999, 12, 31, 23, 0, tzinfo=UTC).isoformat()
        assert http.post("/dev/v1/clock", json={"set": late}).status_code == 200
        response = http.post("/dev/v1/clock", json={"advance_seconds": 10 * 86400})
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "clock_out_of_range"
        back = datetime(2025, 3, 3, 9, 0, tzinfo=UTC).isoformat()
        assert http.post("/dev/v1/clock", json={"set": back}).status_code == 200


def test_a_405_says_which_methods_are_allowed(private_backend):
    with client(private_backend) as http:
        response = http.delete("/health")
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]


def _raw(sock: socket.socket, path: str) -> bytes:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return data  # the server closed the connection
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length"))
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_after_an_unexpected_error_the_same_connection_answers_again():
    app = FastAPI()
    errors.install(app)

    @app.get("/boom")
    def boom() -> dict:
        raise RuntimeError("a bug")

    @app.get("/fine")
    def fine() -> dict:
        return {"ok": True}

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started, 30, "the server to start")
        port = server.servers[0].sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            first = _raw(sock, "/boom")
            assert first.startswith(b"HTTP/1.1 500") and b"internal_error" in first
            second = _raw(sock, "/fine")  # on the same keep-alive connection
            assert second.startswith(b"HTTP/1.1 200"), second
    finally:
        server.should_exit = True
        thread.join(10)
