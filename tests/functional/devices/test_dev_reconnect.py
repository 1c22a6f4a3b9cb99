"""Pulled cables: the hub notices, says so, finds the device again and loses no frame after."""

import json
import threading
import time

from dev_rig_helpers import start_hub

from devices.config import DeviceSpec
from devices.events import DeviceState, Scan
from devices.hub import DeviceHub
from devices.rig import Rig
from tests.fixtures.waiting import wait_until


def test_unplug_then_replug_reconnects_and_every_later_frame_arrives(rig, hub, events):
    rig.scan("7038010000706")
    events.wait_for(lambda e: isinstance(e, Scan))
    old_pty = rig.status()["devices"]["scanner"]["pty"]

    rig.unplug("scanner")
    lost = events.state("scanner", "disconnected")
    assert "returned no data" in lost.detail or "failed" in lost.detail
    ports = json.loads(rig.ports_file.read_text())
    assert ports["devices"]["scanner"]["plugged"] is False
    missing = events.state("scanner", "error")  # the port has vanished, like /dev/ttyUSB0
    assert "scanner" in missing.detail

    replugged = rig.replug("scanner")
    assert replugged["path"] == str(rig.state_dir / "dev" / "scanner")
    events.state("scanner", "connected")
    assert json.loads(rig.ports_file.read_text())["devices"]["scanner"]["plugged"] is True

    codes = [f"70380100{i:05d}" for i in range(50)]
    for code in codes:
        rig.scan(code, aim="]E0")
    events.wait_for(lambda e: isinstance(e, Scan) and e.data == codes[-1])
    after = [e.data for e in events.of_type(Scan)][1:]
    assert after == codes
    assert old_pty  # the pty behind the path may be new; the path stayed


def test_repeated_unplugs_each_come_back(rig, hub, events):
    for round_ in range(3):
        rig.unplug("msr")
        events.state("msr", "disconnected")
        rig.replug("msr")
        events.state("msr", "connected")
        rig.card(f"957801000004711{round_}", as_="msr")
        card = events.wait_for(lambda e: getattr(e, "source", None) == "msr")
        assert card.card_number == f"957801000004711{round_}"


def test_stop_is_prompt_while_devices_are_unplugged(rig, events):
    hub = start_hub(rig, events, backoff=(1.0, 5.0))
    for name in ("scanner", "terminal", "printer"):
        rig.unplug(name)
        events.state(name, "disconnected")
    hub.stop(timeout=5.0)
    assert not [t for t in threading.enumerate() if t.name.startswith("device-")]
    assert {e.detail for e in events.of_type(DeviceState) if e.state == "disconnected"} >= {
        "stopped"
    }
    hub.stop()  # idempotent


def test_a_hub_started_before_the_rig_connects_when_it_appears(rig_dir, events, no_leaked_threads):
    path = rig_dir / "rig" / "dev" / "scanner"
    hub = DeviceHub(
        [DeviceSpec("scanner", "scanner", str(path))], on_event=events, backoff=(0.02, 0.1)
    )
    hub.start()
    try:
        error = events.state("scanner", "error")
        assert str(path) in error.detail
        with Rig(rig_dir, devices=["scanner"], baud=115200) as rig:
            events.state("scanner", "connected")
            rig.scan("7038010000706")
            assert events.wait_for(lambda e: isinstance(e, Scan)).data == "7038010000706"
    finally:
        hub.stop()


def test_a_receipt_printed_while_unplugged_comes_out_after_replug(rig, hub, events):
    rig.unplug("printer")
    events.state("printer", "disconnected")
    hub.print_receipt("Skrevet mens kabelen var ute")
    time.sleep(0.1)  # the printer is really gone for a while; nothing may be lost meanwhile
    rig.replug("printer")
    events.state("printer", "connected")
    wait_until(lambda: rig.last_receipt()["text"], what="the receipt")
    assert rig.last_receipt()["text"] == "Skrevet mens kabelen var ute\n"


def test_a_receipt_printed_just_before_stop_is_printed(rig, events, no_leaked_threads):
    hub = start_hub(rig, events)
    hub.print_receipt("Skrevet rett før kassen stengte")
    hub.stop(timeout=5.0)  # at once: the write may still be queued
    wait_until(lambda: rig.last_receipt()["text"], what="the receipt")
    assert rig.last_receipt()["text"] == "Skrevet rett før kassen stengte\n"


def test_two_tills_cannot_open_the_same_port(rig, hub, events):
    from dev_rig_helpers import Events

    other_events = Events()
    other = DeviceHub.from_ports_file(rig.ports_file, on_event=other_events, backoff=(0.05, 0.1))
    other.start()
    try:
        error = other_events.state("scanner", "error")
        assert "lock" in error.detail.lower()
        rig.scan("7038010000706")
        assert events.wait_for(lambda e: isinstance(e, Scan)).data == "7038010000706"
    finally:
        other.stop()


def test_a_device_that_comes_back_on_another_path_is_found_via_the_ports_file(rig, rig_dir):
    """Like a USB adapter re-enumerating as ttyUSB1: the hub re-reads the ports file."""
    import os

    from dev_rig_helpers import Events

    from devices.config import write_ports_file

    own_ports = rig_dir / "till-ports.json"

    def publish():
        pty = rig.status()["devices"]["scanner"]["pty"]
        write_ports_file(own_ports, {"scanner": DeviceSpec("scanner", "scanner", pty)})
        return pty

    first = publish()
    events = Events()
    hub = DeviceHub.from_ports_file(own_ports, on_event=events, backoff=(0.02, 0.1))
    with hub:
        events.state("scanner", "connected")
        rig.unplug("scanner")
        events.state("scanner", "disconnected")
        squatter = os.openpty()  # takes the freed pty number, so the device moves
        try:
            rig.replug("scanner")
            second = publish()
            assert second != first
            connected = events.state("scanner", "connected")
            assert connected.detail == second
            rig.scan("7038010000706")
            assert events.wait_for(lambda e: isinstance(e, Scan)).data == "7038010000706"
        finally:
            for fd in squatter:
                os.close(fd)


def test_a_failing_till_callback_does_not_stop_the_reader(rig, no_leaked_threads):
    from dev_rig_helpers import Events

    events = Events()
    failures = []

    def flaky(event):
        if isinstance(event, Scan) and not failures:
            failures.append(event)
            raise RuntimeError("the app is not running yet")
        events(event)

    hub = DeviceHub.from_ports_file(rig.ports_file, on_event=flaky, backoff=(0.02, 0.1))
    with hub:
        events.state("scanner", "connected")
        rig.scan("111")
        rig.scan("222")
        assert events.wait_for(lambda e: isinstance(e, Scan)).data == "222"
    assert failures[0].data == "111"
