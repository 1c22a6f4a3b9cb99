"""The re-login campaign and time rules end to end: real server, its clock moved via /dev/v1.

The demo set's campaign has wave 2 open (Kari due, deadline in 25 days), wave 1 closed
(Nils forced out) and wave 3 waiting. Tests here run in order on one private server.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backend_http import app, authorise, client, coopay_token, login_sms, terminal


def _legacy(server, key: str, device: str) -> str:
    with client(server) as http:
        response = http.post(
            "/dev/v1/sessions/legacy",
            json={"phone": server.member(key)["phone"], "device_id": device},
        )
    assert response.status_code == 200, response.text
    return response.json()["session_token"]


def _set(server, moment: datetime) -> dict:
    with client(server) as http:
        response = http.post("/dev/v1/clock", json={"set": moment.isoformat()})
    assert response.status_code == 200, response.text
    return response.json()


def _advance(server, seconds: float) -> dict:
    with client(server) as http:
        response = http.post("/dev/v1/clock", json={"advance_seconds": seconds})
    assert response.status_code == 200, response.text
    return response.json()


def test_coopay_token_expires_after_sixty_seconds(private_backend):
    token = login_sms(private_backend, private_backend.member("ola")["phone"])
    qr = coopay_token(private_backend, token)
    _advance(private_backend, 60)
    declined = authorise(private_backend, qr)
    assert declined.status_code == 402 and declined.json()["decline_reason"] == "expired"
    assert "utløpt" in declined.json()["message_nb"]


def test_forced_out_member_must_log_in_again(private_backend):
    with client(private_backend) as http:
        gone = http.get(
            "/app/v1/me",
            headers={
                "Authorization": "Bearer " + _legacy(private_backend, "nils", "nils-old-phone")
            },
        )
    assert gone.status_code == 401 and gone.json()["code"] == "session_forced_out"
    assert "Medlemskapet ditt er ikke berørt" in gone.json()["message_nb"]
    fresh = login_sms(private_backend, private_backend.member("nils")["phone"])
    with app(private_backend, fresh) as http:
        me = http.get("/app/v1/me").json()
    assert me["relogin"]["forced_out"] and me["relogin"]["done"]
    assert coopay_token(private_backend, fresh)  # Coopay works again after the new login


def test_wave_deadline_logs_out_old_sessions_everywhere_but_not_the_card(private_backend):
    server = private_backend
    kari = server.member("kari")
    phone_session = _legacy(server, "kari", "kari-phone")
    tablet_session = _legacy(server, "kari", "kari-tablet")
    with app(server, phone_session) as http:
        me = http.get("/app/v1/me").json()
    assert me["login_method"] == "legacy"
    assert me["relogin"]["due"] and me["relogin"]["wave"] == 2 and not me["relogin"]["done"]
    with client(server) as http:
        status = http.get("/dev/v1/relogin/status").json()
    wave2 = status["waves"][1]
    assert wave2["state"] == "open" and wave2["notified"] >= 1

    deadline = datetime.fromisoformat(me["relogin"]["deadline"])
    _set(server, deadline - timedelta(seconds=20))
    pending_qr = coopay_token(server, phone_session)  # Coopay works while logged in
    _set(server, deadline + timedelta(seconds=1))  # the token is fresh, the session is not
    for token in (phone_session, tablet_session):
        with app(server, token) as http:
            response = http.get("/app/v1/me")
        assert response.status_code == 401 and response.json()["code"] == "session_forced_out"
    assert authorise(server, pending_qr).json()["decline_reason"] == "session_logged_out"

    with client(server) as http:
        messages = http.get("/dev/v1/outbox", params={"phone": kari["phone"]}).json()
        wave2 = http.get("/dev/v1/relogin/status").json()["waves"][1]
    assert [m["kind"] for m in messages][-1] == "relogin_forced_out"
    assert {m["kind"] for m in messages} >= {"relogin_notice", "relogin_reminder"}
    assert wave2["state"] == "closed" and wave2["forced_out"] >= 1 and wave2["pending"] == 0

    with terminal(server) as http:  # the physical card keeps working
        lookup = http.post("/terminal/v1/members/lookup", json={"card_number": kari["card_number"]})
        per = http.post(
            "/terminal/v1/members/lookup", json={"card_number": server.member("per")["card_number"]}
        )
    assert lookup.status_code == 200 and lookup.json()["status"] == "active"
    assert per.status_code == 200  # no digital account: never part of the campaign

    status = server.cli("relogin", "status")  # the CLI sees the server's moved clock
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].startswith("campaign") and "forced out" in lines[1]
    assert lines[3].split()[:2] == ["2", "closed"]


def test_an_app_session_ends_after_90_days_unused_and_after_a_year_in_any_case(
    private_backend
):
    """Issue 14.6: sessions expire by idle time and by absolute lifetime, not only by logout."""
    server = private_backend
    phone = server.member("ola")["phone"]
    before = _advance(server, 0)["now"]

    idle = login_sms(server, phone)
    _advance(server, 91 * 86400)
    with app(server, idle) as http:
        gone = http.get("/app/v1/me")
    assert gone.status_code == 401 and gone.json()["code"] == "session_expired"
    assert "Logg inn på nytt" in gone.json()["message_nb"]

    used = login_sms(server, phone)
    for _ in range(5):  # used every 80 days: never idle, but older than a year at the end
        with app(server, used) as http:
            assert http.get("/app/v1/me").status_code == 200
        _advance(server, 80 * 86400)
    with app(server, used) as http:
        old = http.get("/app/v1/me")
    assert old.status_code == 401 and old.json()["code"] == "session_expired"
    _set(server, datetime.fromisoformat(before))
