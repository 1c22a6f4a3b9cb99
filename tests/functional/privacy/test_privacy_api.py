"""The privacy API and CLI against a real server (uvicorn subprocess, SQLite file):
consents with history from the app, the member's own export, leaving, the closed card
refused at the till, the audit log, and the privacy job on its schedule in `serve`."""

from __future__ import annotations

import getpass
import json
import uuid
from pathlib import Path

import httpx
import pytest

from backend_stub.seeding.sample_purchases import purchase_body, sample_lines
from tests.fixtures.backend_server import start_backend
from tests.fixtures.waiting import wait_until


def _client(server, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=server.base_url, timeout=30, headers=headers)


def _login(server, phone: str) -> str:
    with _client(server) as http:
        started = http.post(
            "/app/v1/login/sms", json={"phone": phone, "device_id": f"d-{uuid.uuid4().hex[:6]}"}
        ).json()
        messages = http.get("/dev/v1/outbox", params={"phone": phone, "limit": 500}).json()
        code = next(m["body"] for m in reversed(messages) if m["kind"] == "otp")
        digits = "".join(ch for ch in code.split(" er ")[1] if ch.isdigit())[:6]
        verified = http.post(
            "/app/v1/login/sms/verify",
            json={"challenge_id": started["challenge_id"], "code": digits},
        )
        assert verified.status_code == 200, verified.text
        return verified.json()["session_token"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_backend(
        tmp_path_factory.mktemp("privacy-backend"),
        extra_env={"POS_BACKEND_PRIVACY_JOB_SECONDS": "0.5"},
    )
    yield process
    process.stop()


def test_consents_from_the_app_keep_their_history(server):
    phone = server.member("ola")["phone"]
    token = _login(server, phone)
    with _client(server, token) as app:
        assert app.put("/app/v1/consents/analysis", json={"granted": True}).status_code == 200
        assert app.put("/app/v1/consents/analysis", json={"granted": False}).status_code == 200
        push = app.put("/app/v1/consents/push", json={"granted": True, "device_id": "ola-phone"})
        assert push.status_code == 200 and push.json()["device_id"] == "ola-phone"
        # push without a device, or an unknown purpose: typed problems
        assert app.put("/app/v1/consents/push", json={"granted": True}).status_code == 422
        unknown = app.put("/app/v1/consents/telemarketing", json={"granted": True})
        assert unknown.json()["code"] == "consent_purpose_unknown"
        listed = app.get("/app/v1/consents").json()
        current = {(c["purpose"], c["device_id"]): c["granted"] for c in listed["current"]}
        assert current[("analysis", None)] is False and current[("push", "ola-phone")] is True
        assert current[("sms", None)] is False  # never asked: not given
        assert [(h["purpose"], h["granted"]) for h in listed["history"]] == [
            ("analysis", True),
            ("analysis", False),
            ("push", True),
        ]
        assert all(h["source"] == "app" and h["at"] for h in listed["history"])
        offers = app.get("/app/v1/offers").json()
        assert offers == {
            "analysis_consent": False,
            "segment": None,
            "offers": [],
            "computed_at": None,
        }
    audit = server.cli("audit", "--member", server.member("ola")["member_ref"])
    assert audit.returncode == 0
    assert "consent:analysis withdrawn" in audit.stdout and "member:" in audit.stdout


def _audit_until(server, member_ref: str, *needles: str) -> str:
    """The member's audit log once it shows every needle (reads are flushed in batches)."""
    def log() -> str:
        return server.cli("audit", "--member", member_ref).stdout

    def showing() -> str:
        text = log()
        return text if all(n in text for n in needles) else ""

    return wait_until(showing, 20, f"the audit log to show {needles}", describe=log)


def test_reads_and_changes_of_family_data_are_audited(server):
    emma_ref = server.member("emma")["member_ref"]
    token = _login(server, server.member("ola")["phone"])
    with _client(server, token) as app:
        assert app.get("/app/v1/me").status_code == 200
        assert emma_ref in [m["member_ref"] for m in app.get("/app/v1/family").json()]
        patched = app.patch(f"/app/v1/family/{emma_ref}", json={"coopay_allowed": False})
        assert patched.status_code == 200
    log = _audit_until(server, emma_ref, "read family_member", "coopay_allowed=False")
    assert "read family_member" in log and "change family_member coopay_allowed=False" in log
    assert "member:s" in log  # by Ola's app session (its public id), not by a name
    ola_log = _audit_until(server, server.member("ola")["member_ref"], "read profile")
    assert "read profile" in ola_log


def test_the_export_is_the_callers_own_and_complete(server):
    kari = server.member("kari")
    token = _login(server, kari["phone"])
    with _client(server, token) as app:
        document = app.get("/app/v1/privacy/export").json()
    assert document["format"] == "coop-member-export/1"
    assert document["member_ref"] == kari["member_ref"]
    assert [p["phone"] for p in document["tables"]["persons"]] == [kari["phone"]]
    assert document["tables"]["cards"] and document["tables"]["app_sessions"]
    assert all(s["token_hash"] == "[hashed]" for s in document["tables"]["app_sessions"])
    # without a session there is nothing to export
    with _client(server) as anonymous:
        assert anonymous.get("/app/v1/privacy/export").status_code == 401
    # the admin CLI writes the same document (by card), and the audit log shows both
    out = server.workdir / "kari.json"
    out.write_text("an older file, readable by all")
    out.chmod(0o644)
    result = server.cli("member", "export", "--card", kari["card_number"], "--out", str(out),
                        "--actor", "anne.medlemsservice")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_mode & 0o777 == 0o600  # everything about a person: its owner only
    by_cli = json.loads(out.read_text(encoding="utf-8"))
    assert by_cli["tables"]["persons"] == document["tables"]["persons"]
    server.cli("consent", "show", "--member", kari["member_ref"])  # no --actor: the OS user
    audit = server.cli("audit", "--member", kari["member_ref"]).stdout
    assert "member:" in audit and "admin:anne.medlemsservice export everything" in audit
    assert "admin:cli" not in audit and f"admin:{getpass.getuser()} read consents" in audit


def test_leaving_by_member_services_leaves_nothing_in_the_database_files(tmp_path):
    """Issue 14.10: after an erasure the erased values are in neither the database file
    nor SQLite's -wal file (which would otherwise keep the old pages until a checkpoint)."""
    own = start_backend(tmp_path / "backend")
    try:
        per = own.member("per")
        path = Path(own.db_url.removeprefix("sqlite:///"))

        def files() -> bytes:
            wal = path.with_name(path.name + "-wal")
            return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

        assert per["phone"].encode() in files()  # there to begin with
        result = own.cli("member", "leave", "--member", per["member_ref"], "--yes",
                         "--actor", "anne.medlemsservice")
        assert result.returncode == 0, result.stderr
        stored = files()
        assert per["phone"].encode() not in stored and per["card_number"].encode() not in stored
    finally:
        own.stop()


def test_leaving_from_the_app_closes_the_card_at_the_till(server):
    per_lise = server.member("lise")
    token = _login(server, per_lise["phone"])
    till = {"Authorization": f"Bearer {server.terminal_key}"}
    with _client(server, token) as app:
        refused = app.post("/app/v1/membership/leave", json={})
        assert refused.status_code == 422  # not confirmed: nothing happens
        left = app.post("/app/v1/membership/leave", json={"confirm": "AVSLUTT"})
        assert left.status_code == 200, left.text
        assert left.json()["membership_closed"] is True
        assert app.get("/app/v1/me").status_code == 401  # the session is gone with her
    with httpx.Client(base_url=server.base_url, timeout=30, headers=till) as http:
        lookup = http.post(
            "/terminal/v1/members/lookup", json={"card_number": per_lise["card_number"]}
        )
    assert lookup.status_code == 410
    assert lookup.json()["code"] == "membership_closed"
    assert lookup.json()["message_nb"] == "Kortet tilhører et avsluttet medlemskap."
    assert lookup.json()["message_en"] == "The card belongs to a closed membership."
    again = server.cli("member", "export", "--card", per_lise["card_number"])
    assert again.returncode == 2 and "membership_closed" in again.stderr


def test_the_privacy_job_runs_on_its_schedule_in_serve(server):
    """Move the server's clock 28 months ahead: the scheduled job anonymises the sale."""
    kari = server.member("kari")
    till = {"Authorization": f"Bearer {server.terminal_key}"}
    body = purchase_body(
        server.store,
        server.register,
        lines=sample_lines(3),
        member={"card_number": kari["card_number"]},
    )
    with httpx.Client(base_url=server.base_url, timeout=30, headers=till) as http:
        found = http.post("/terminal/v1/members/lookup", json={"card_number": kari["card_number"]})
        assert found.status_code == 200
        sent = http.post(
            "/terminal/v1/purchases", json=body, headers={"Idempotency-Key": body["purchase_id"]}
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["member"]["resolved"] is True
    token = _login(server, kari["phone"])
    with _client(server) as http:
        http.post("/dev/v1/clock", json={"advance_seconds": 28 * 31 * 86400}).raise_for_status()
    session = {"token": token}
    purchases: list[dict] = []

    def purged() -> bool:
        nonlocal purchases
        with _client(server, session["token"]) as app:
            response = app.get("/app/v1/privacy/export")
        if response.status_code == 401:  # the moved clock may end her session: log in again
            session["token"] = _login(server, kari["phone"])
            return False
        purchases = response.json()["tables"]["purchases"]
        return not any(p["purchase_id"] == body["purchase_id"] for p in purchases)

    wait_until(purged, 30, "the old purchase purged from her export")
    audit = server.cli("audit", "--member", kari["member_ref"]).stdout
    assert "terminal:terminal-" in audit and "read member_lookup" in audit
