"""`pos-devices phone …` belongs to devices.phone, imported only when asked for."""

import sys
import types

from devices import cli


def test_phone_subcommand_is_handed_to_devices_phone(monkeypatch):
    seen = []
    fake = types.ModuleType("devices.phone.cli")
    fake.main = lambda argv: seen.append(argv) or 7
    monkeypatch.setitem(sys.modules, "devices.phone.cli", fake)
    assert cli.main(["--dir", "/tmp/x", "phone", "show-qr", "--member", "1"]) == 7
    assert seen == [["--dir", "/tmp/x", "show-qr", "--member", "1"]]  # the rig's dir goes along


def test_missing_phone_package_gives_a_clear_message(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "devices.phone", None)
    monkeypatch.delitem(sys.modules, "devices.phone.cli", raising=False)
    assert cli.main(["phone", "anything"]) == 2
    assert "devices.phone" in capsys.readouterr().err


def test_baud_options_for_all_and_for_one():
    assert cli._bauds([]) is None
    bauds = cli._bauds(["115200", "scanner=9600"])
    assert bauds["scanner"] == 9600 and bauds["printer"] == 115200
    assert cli._bauds(["msr=19200"]) == {"msr": 19200}
