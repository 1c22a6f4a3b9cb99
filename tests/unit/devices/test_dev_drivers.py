"""Drivers read their options from the ports file and refuse what they do not understand."""

import pytest

from devices.config import DeviceSpec
from devices.drivers import CardReaderDriver, PrinterDriver, ScannerDriver, make_driver
from devices.errors import ConfigError, UnknownCommand
from devices.framing import IdleFramer, LineFramer, StxEtxFramer


def spec(name, kind, **options):
    return DeviceSpec(name, kind, "loop://", options=options)


def test_scanner_options_shape_framing_and_commands():
    driver = make_driver(
        spec(
            "scanner",
            "scanner",
            prefix="\u0002",
            suffix="none",
            dialect="datalogic",
            commands={"beep_good": "\u0007"},
        )
    )
    assert isinstance(driver, ScannerDriver)
    assert driver.fmt.prefix == b"\x02"
    assert isinstance(driver.make_framer(DeviceSpec("s", "scanner", "x").port), IdleFramer)
    assert driver.command_bytes("beep_good") == b"\x07"
    assert driver.command_bytes("disable") == b"D"
    with pytest.raises(UnknownCommand, match="known"):
        driver.command_bytes("explode")


@pytest.mark.parametrize(
    "options",
    [
        {"suffix": "semicolon"},
        {"aim": "sometimes"},
        {"dialect": "zebra"},
        {"prefix": 2},
        {"commands": {"beep_good": 7}},
        {"colour": "red"},
        {"gap_ms": 0},
        {"max_len": "big"},
    ],
)
def test_bad_scanner_options_are_config_errors(options):
    with pytest.raises(ConfigError):
        make_driver(spec("scanner", "scanner", **options))


def test_card_reader_source_defaults_to_the_device_name():
    rfid = make_driver(spec("rfid", "card_reader"))
    assert isinstance(rfid, CardReaderDriver) and rfid.source == "rfid"
    assert isinstance(rfid.make_framer(DeviceSpec("r", "card_reader", "x").port), StxEtxFramer)
    desk = make_driver(spec("desk-reader", "card_reader", source="nfc"))
    assert desk.source == "nfc"
    assert isinstance(desk.make_framer(DeviceSpec("r", "card_reader", "x").port), LineFramer)
    with pytest.raises(UnknownCommand):
        desk.command_bytes("beep_good")


def test_printer_codepage_and_keeping_jobs_while_offline():
    driver = make_driver(spec("printer", "printer", codepage="cp1252"))
    assert isinstance(driver, PrinterDriver) and driver.keeps_writes_offline
    assert b"\x1bt\x10" in driver.encode_text("Å")
    with pytest.raises(ConfigError):
        make_driver(spec("printer", "printer", codepage="utf-8"))
