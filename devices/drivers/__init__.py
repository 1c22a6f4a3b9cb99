"""One driver per kind of device; `make_driver(spec)` picks it from `spec.kind`."""

from __future__ import annotations

from devices.config import DeviceSpec
from devices.drivers.base import Driver, LinkIO
from devices.drivers.card_reader import CardReaderDriver
from devices.drivers.display import DisplayDriver
from devices.drivers.payment_terminal import PaymentTerminal, PaymentTerminalDriver
from devices.drivers.printer import PrinterDriver
from devices.drivers.scale import Scale, ScaleDriver
from devices.drivers.scanner import ScannerDriver

DRIVERS: dict[str, type[Driver]] = {
    "scanner": ScannerDriver,
    "card_reader": CardReaderDriver,
    "payment_terminal": PaymentTerminalDriver,
    "printer": PrinterDriver,
    "display": DisplayDriver,
    "scale": ScaleDriver,
}


def make_driver(spec: DeviceSpec) -> Driver:
    return DRIVERS[spec.kind](spec)


__all__ = [
    "DRIVERS",
    "CardReaderDriver",
    "DisplayDriver",
    "Driver",
    "LinkIO",
    "PaymentTerminal",
    "PaymentTerminalDriver",
    "PrinterDriver",
    "Scale",
    "ScaleDriver",
    "ScannerDriver",
    "make_driver",
]
