"""Helpers of the lane's unit tests (imported by name: no conftest imports across dirs)."""

from __future__ import annotations

from tests.fixtures.engine_events import OSLO, TUESDAY_NOON, Clock, Recorder

__all__ = ["OSLO", "TUESDAY_NOON", "Clock", "Draws", "Recorder"]


class Draws:
    """The audit's random source: returns the values a test asks for, in order."""

    def __init__(self, *values: float) -> None:
        self.values = list(values) or [0.99]

    def random(self) -> float:
        return self.values.pop(0) if len(self.values) > 1 else self.values[0]
