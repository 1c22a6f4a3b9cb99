"""Every fact the engine, the lane, the handheld or a device reports has its one message."""

from __future__ import annotations

import dataclasses
import inspect

from devices import events as device_events
from pos.faces import messages
from pos.till import events as till_events


def _event_classes(module) -> list[type]:
    return [c for _, c in inspect.getmembers(module, inspect.isclass)
            if c.__module__ == module.__name__ and dataclasses.is_dataclass(c)]


def test_each_engine_event_has_a_message_of_its_own_name():
    for event in _event_classes(till_events):
        kind = messages.MESSAGE_FOR.get(event)
        assert kind is not None, f"{event.__name__} has no message: no face would show it"
        assert kind.__name__ == event.__name__


def test_messages_carry_the_event_and_do_not_bubble():
    scan = device_events.Scan("scanner", "7038010000706", "ean13", "]E0", b"")
    message = messages.message_for(scan)
    assert isinstance(message, messages.ScanReceived)
    assert message.data == "7038010000706" and message.event is scan
    assert not any(kind.bubble for kind in messages.MESSAGE_FOR.values())


def test_one_message_type_per_fact():
    kinds = list(messages.MESSAGE_FOR.values())
    assert len(kinds) == len(set(kinds))
