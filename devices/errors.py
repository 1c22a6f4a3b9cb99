"""Typed errors for callers of the device layer.

Bad bytes from a device never raise: they become `DecodeError` events. These
exceptions are for the *caller* asking for something that cannot be done right now
or that makes no sense, so the till can show a clear message and lose nothing.
"""

from __future__ import annotations


class DeviceError(Exception):
    """Base class of everything the device layer raises on purpose."""


class ConfigError(DeviceError, ValueError):
    """A ports file, device setting or scenario that is malformed; the message says where."""


class UnknownDevice(DeviceError, KeyError):
    """A device name that is not configured."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown device"


class UnknownCommand(DeviceError, ValueError):
    """A command name the device's driver does not know."""


class DeviceNotConnected(DeviceError):
    """The device is unplugged or not yet connected; the command was not sent."""


class DeviceBusy(DeviceError):
    """The device cannot take this now (a payment is already running, a write queue is full)."""


class PaymentBusy(DeviceBusy):
    """A payment request is already running on this terminal."""


class RigError(DeviceError):
    """The virtual rig cannot do what was asked (unknown device, device unplugged, …)."""
