"""`pos-devices` as testers use it: `up` in one process, commands from another."""

import json
import os
import signal
import stat
import subprocess
import sys

import pytest
from dev_rig_helpers import Events

from devices.events import CardRead, PaymentResult, Scan
from devices.hub import DeviceHub
from tests.fixtures.waiting import wait_until


def cli(rig_dir, *args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "devices.cli", "--dir", str(rig_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def rig_process(rig_dir):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devices.cli",
            "--dir",
            str(rig_dir),
            "up",
            "--baud",
            "115200",
            "--step-delay",
            "0.01",
            "--seed",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def up_or_dead():
            if process.poll() is not None:
                return True
            return (rig_dir / "devices.sock").exists() and (rig_dir / "ports.json").exists()

        wait_until(up_or_dead, what="the rig to come up")
        assert process.poll() is None, process.communicate()
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_up_then_drive_it_from_another_shell(rig_dir, rig_process):
    assert stat.S_IMODE(os.stat(rig_dir / "devices.sock").st_mode) == 0o600
    events = Events()
    hub = DeviceHub.from_ports_file(rig_dir / "ports.json", on_event=events, backoff=(0.02, 0.2))
    with hub:
        for name in hub.devices:
            events.state(name, "connected")
        cli(rig_dir, "scan", "7038010000706")
        cli(rig_dir, "scan", "--aim", "]Q1", "hQVDUFYwMWEy")
        cli(rig_dir, "card", "04A2B3C4", "--as", "nfc")
        assert events.wait_for(lambda e: isinstance(e, Scan)).data == "7038010000706"
        assert events.wait_for(lambda e: isinstance(e, Scan)).symbology == "qr"
        assert events.wait_for(lambda e: isinstance(e, CardRead)).uid == "04A2B3C4"

        hub.payment.purchase(4200, "cli-sale")
        cli(rig_dir, "pay", "approve")
        assert events.wait_for(lambda e: isinstance(e, PaymentResult)).outcome == "approved"

        hub.print_receipt("Takk for handelen!", barcode="R3-0000001")
        wait_until(
            lambda: "Takk" in cli(rig_dir, "printer", "last", check=False).stdout,
            what="the receipt",
        )
        png = rig_dir / "last.png"
        cli(rig_dir, "printer", "last", "--png", str(png))
        import zxingcpp
        from PIL import Image

        assert [r.text for r in zxingcpp.read_barcodes(Image.open(png))] == ["R3-0000001"]

        status = json.loads(cli(rig_dir, "status", "--json").stdout)
        assert status["devices"]["scanner"]["attached"] is True
        assert status["devices"]["printer"]["printed"] == 1
        table = cli(rig_dir, "status").stdout
        assert "scanner" in table and "1 receipts" in table

        cli(rig_dir, "unplug", "scanner")
        events.state("scanner", "disconnected")
        cli(rig_dir, "replug", "scanner")
        events.state("scanner", "connected")
        cli(rig_dir, "noise", "scanner", "--bytes", "16")
        cli(rig_dir, "scan", "70380107", "--aim", "]E4")
        assert events.wait_for(lambda e: isinstance(e, Scan)).data == "70380107"

    cli(rig_dir, "down")
    assert rig_process.wait(timeout=10) == 0
    assert not (rig_dir / "ports.json").exists()
    assert not (rig_dir / "devices.sock").exists()
    out = rig_process.stdout.read()
    assert "ports file" in out and "scanner" in out


def test_play_a_scenario(rig_dir, rig_process):
    scenario = rig_dir / "scenario.toml"
    scenario.write_text(
        'name = "kort og vare"\n'
        '[[step]]\ncard = "9578010000047115"\n'
        '[[step]]\ndelay = 0.05\nscan = "7038010000706"\naim = "]E0"\ndevice = "handheld"\n'
        '[[step]]\nnoise = "scanner"\nbytes = 8\n'
    )
    events = Events()
    with DeviceHub.from_ports_file(rig_dir / "ports.json", on_event=events) as hub:
        for name in hub.devices:
            events.state(name, "connected")
        result = cli(rig_dir, "play", str(scenario))
        assert "kort og vare (3 steps)" in result.stdout
        assert events.wait_for(lambda e: isinstance(e, CardRead)).card_number == "9578010000047115"
        assert events.wait_for(lambda e: isinstance(e, Scan)).device == "handheld"


def test_a_second_rig_on_the_same_directory_is_refused(rig_dir, rig_process):
    result = cli(rig_dir, "up", check=False)
    assert result.returncode == 1
    assert "already runs" in result.stderr


def test_commands_without_a_rig_say_how_to_start_one(rig_dir):
    result = cli(rig_dir, "scan", "123", check=False)
    assert result.returncode == 1
    assert "pos-devices up" in result.stderr


def test_bad_input_is_a_clear_error(rig_dir, rig_process):
    result = cli(rig_dir, "card", "12AB", check=False)
    assert result.returncode == 1 and "1 to 19 digits" in result.stderr
    missing = cli(rig_dir, "play", str(rig_dir / "nope.toml"), check=False)
    assert missing.returncode == 1 and "nope.toml" in missing.stderr


def test_listen_prints_events_from_a_device_given_by_url(rig_dir, rig_process):
    listener = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devices.cli",
            "listen",
            "--device",
            f"scanner={rig_dir / 'rig' / 'dev' / 'scanner'},baud=115200",
            "--max-events",
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(
            lambda: json.loads(cli(rig_dir, "status", "--json").stdout)["devices"]["scanner"][
                "attached"
            ],
            what="the listener to open the port",
        )
        cli(rig_dir, "scan", "7038010000706", "--aim", "]E0")
        out, err = listener.communicate(timeout=20)
    finally:
        if listener.poll() is None:
            listener.kill()
            listener.communicate()
    assert listener.returncode == 0, err
    assert "state='connected'" in out
    assert "Scan(device='scanner', data='7038010000706', symbology='ean13'" in out
