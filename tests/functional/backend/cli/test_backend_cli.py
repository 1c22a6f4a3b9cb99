"""`pos-backend` commands as a tester or operator runs them (real files, real databases).

Most run in-process through `backend_stub.cli.main` (the same code the console script
runs, without paying a Python start per command); one runs the real entry point.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from types import SimpleNamespace

import pytest

from backend_stub.cli import main
from backend_stub.core import migrate


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Run `pos-backend ARGS…` in-process on a temp SQLite file; returns code/stdout/stderr."""
    for name in list(os.environ):
        if name.startswith("POS_BACKEND_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("POS_BACKEND_DB_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.chdir(tmp_path)

    def run(*args: str, env: dict | None = None) -> SimpleNamespace:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        try:
            code = main(list(args))
        finally:
            for key in env or {}:
                monkeypatch.delenv(key)
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


def _db(tmp_path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "cli.sqlite3")


def test_the_console_entry_point_runs(tmp_path):
    env = {**os.environ, "POS_BACKEND_DB_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "backend_stub", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"at schema {migrate.head_revision()}" in result.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "backend_stub"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert usage.returncode == 2 and "COMMAND" in usage.stderr


def test_migrate_then_seed_with_progress(cli, tmp_path):
    assert "at schema" in cli("migrate").stdout
    result = cli("seed", "--members", "1500", "--batch", "500", "--random-seed", "1")
    assert result.returncode == 0, result.stderr
    assert "added 1,500 owners" in result.stdout
    assert "seeding members [" in result.stderr and "1,500/1,500" in result.stderr
    with _db(tmp_path) as db:
        owners = db.execute("SELECT count(*) FROM members WHERE role = 'owner'").fetchone()[0]
        coopay = db.execute(
            "SELECT count(*) FROM digital_accounts WHERE coopay_enabled"
        ).fetchone()[0]
        cards = db.execute("SELECT count(DISTINCT number) FROM cards").fetchone()[0]
        ids = db.execute(
            "SELECT count(DISTINCT national_id) FROM persons WHERE national_id IS NOT NULL"
        ).fetchone()[0]
    assert owners == 1500
    assert 0.18 < coopay / owners < 0.32  # one in four uses Coopay
    assert cards >= owners and ids > 1400


def test_terminal_key_is_printed_once_and_stored_hashed(cli, tmp_path):
    result = cli("terminals", "add", "--store", "1001", "--register", "2")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("ptk_")
    with _db(tmp_path) as db:
        rows = db.execute("SELECT key_id, key_hash, store_id, register FROM terminals").fetchall()
        dump = "\n".join(db.iterdump())
    assert rows[0][1] == hashlib.sha256(key.encode()).hexdigest()
    assert rows[0][2:] == (1001, 2)
    assert key not in dump
    listed = cli("terminals", "list").stdout
    assert rows[0][0] in listed and key not in listed
    assert cli("terminals", "revoke", rows[0][0]).stdout.strip() == "revoked"


def test_demo_setup_writes_the_file_the_till_reads(cli, tmp_path):
    out = tmp_path / "var" / "demo.json"
    result = cli(
        "demo-setup",
        "--store",
        "1001",
        "--register",
        "3",
        "--out",
        str(out),
        "--base-url",
        "http://127.0.0.1:9",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert (data["store"], data["register"], data["base_url"]) == (1001, 3, "http://127.0.0.1:9")
    keys = {m["key"] for m in data["members"]}
    assert keys == {"kari", "ola", "emma", "jonas", "per", "lise", "nils", "ingrid"}
    assert "national_id" not in json.dumps(data)
    again = cli("demo-setup", "--out", str(out))  # idempotent: no duplicates
    assert again.returncode == 0
    with _db(tmp_path) as db:
        assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == 8


def test_relogin_commands(cli, tmp_path):
    cli("seed", "--members", "300", "--random-seed", "2")
    planned = cli("relogin", "plan", "--waves", "3", "--every-days", "7", "--grace-days", "14")
    assert planned.returncode == 0, planned.stderr
    assert "wave" in planned.stdout and "pending" in planned.stdout
    ticked = cli("relogin", "tick")
    assert ticked.stdout.startswith("notified ") and "notified 0," not in ticked.stdout
    status = json.loads(cli("relogin", "status", "--json").stdout)
    assert [w["state"] for w in status["waves"]] == ["open", "waiting", "waiting"]
    twice = cli("relogin", "plan", "--waves", "2")
    assert twice.returncode == 2 and "already active" in twice.stderr
    assert cli("relogin", "cancel").stdout.strip() == "campaign cancelled"


def test_settings_file_and_environment(cli, tmp_path):
    config = tmp_path / "backend.toml"
    config.write_text("dividend_rate_bp = 250\n", encoding="utf-8")
    from_file = cli("--config", str(config), "stores", "--store", "7")
    assert "kjøpeutbytte 2.50 %" in from_file.stdout
    from_env = cli(
        "--config",
        str(config),
        "stores",
        "--store",
        "7",
        env={"POS_BACKEND_DIVIDEND_RATE_BP": "100"},
    )
    assert "kjøpeutbytte 1.00 %" in from_env.stdout  # the environment wins over the file
    bad = cli("stores", "--store", "7", env={"POS_BACKEND_DIVIDEND_RATE_BP": "x"})
    assert bad.returncode != 0 and "dividend_rate_bp" in bad.stderr


def test_outbox_and_card_commands(cli, tmp_path):
    cli("seed", "--demo")
    blocked = cli("cards", "9578010000000010", "blocked", "--reason", "test")
    assert blocked.stdout.strip() == "card ************0010 is now blocked"
    box = cli("outbox", "--phone", "+47 978 90 123").stdout
    assert "relogin_forced_out" in box


@pytest.mark.postgres
def test_migrate_on_postgresql(cli, postgres_url):
    result = cli("migrate", env={"POS_BACKEND_DB_URL": postgres_url})
    assert result.returncode == 0, result.stderr
    assert f"at schema {migrate.head_revision()}" in result.stdout
    assert "postgres@" not in result.stdout
