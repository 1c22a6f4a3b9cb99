"""The phone simulator's privacy commands against a real backend: consents (push for
this phone), "my data", and leaving the membership."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from devices.phone.cli import main as phone_main
from tests.fixtures.backend_server import start_backend


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = start_backend(tmp_path_factory.mktemp("privacy-phone-backend"))
    yield process
    process.stop()


@pytest.fixture
def phone(server, tmp_path, capsys):
    def run(name: str, *args: str) -> SimpleNamespace:
        code = phone_main(
            ["--name", name, "--dir", str(tmp_path), "--backend", server.base_url, *args]
        )
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return run


def test_consents_from_the_phone(server, phone, tmp_path):
    assert phone("ola", "login", "--phone", server.member("ola")["phone"]).returncode == 0
    assert phone("ola", "consent", "analysis", "on").stdout.strip() == (
        "Samtykke til analyse og personlige tilbud: ja."
    )
    assert phone("ola", "consent", "push", "on").returncode == 0
    assert phone("ola", "--lang", "en", "consent", "sms", "off").stdout.strip() == (
        "Consent to SMS: no."
    )
    shown = phone("ola", "consents").stdout
    device_id = json.loads((tmp_path / "phones" / "ola.json").read_text())["device_id"]
    assert f"varsler i appen ({device_id}): ja" in shown
    assert "analyse og personlige tilbud: ja" in shown and "SMS: nei" in shown
    assert shown.count("(app)") == 3  # the history: three changes, all from the app

    out = tmp_path / "ola-data.json"
    saved = phone("ola", "my-data", "--out", str(out))
    assert saved.returncode == 0 and "Lagret" in saved.stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["tables"]["consent_events"]) == 3
    assert document["tables"]["persons"][0]["phone"] == server.member("ola")["phone"]


def test_leaving_from_the_phone(server, phone):
    nils = server.member("nils")
    assert phone("nils", "login", "--phone", nils["phone"]).returncode == 0
    wrong = phone("nils", "leave", "--confirm", "ja")
    assert wrong.returncode == 1  # not confirmed: refused, nothing deleted
    assert phone("nils", "status").returncode == 0
    left = phone("nils", "leave", "--confirm", "AVSLUTT")
    assert left.returncode == 0 and "Medlemskapet er avsluttet" in left.stdout
    assert "Ikke innlogget" in phone("nils", "status").stdout
    again = phone("nils", "login", "--phone", nils["phone"])
    assert again.returncode == 1  # no such member any more: no code arrives
