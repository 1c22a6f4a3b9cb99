"""A stand-in for a driver's link in unit tests: it records what the driver writes and emits.

Drivers talk to their link only through `write`, `emit` and `connected`, so every
protocol rule can be tested without a port (deadlines by calling `tick` with a time).
"""

from __future__ import annotations

from devices.errors import DeviceNotConnected


class RecordingLink:
    def __init__(self, name: str = "terminal") -> None:
        self.name = name
        self.written: list[bytes] = []
        self.events: list = []
        self.connected = True

    def write(self, data: bytes) -> None:
        if not self.connected:
            raise DeviceNotConnected(f"{self.name} is disconnected")
        self.written.append(data)

    def emit(self, event) -> None:
        self.events.append(event)
