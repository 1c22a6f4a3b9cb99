"""The cash drawer on the receipt printer, over real ptys: kick, sensor, close, unplug.

The hub kicks the drawer with ESC p; the rig's printer opens it and answers the
sensor query (DLE EOT 1, bit 2); the driver reports each change once as a
`DrawerState`. A tester shuts it with `pos-devices drawer close`.
"""

from __future__ import annotations

from devices.events import DrawerState
from tests.fixtures.waiting import wait_until


def drawer(open_: bool):
    return lambda e: isinstance(e, DrawerState) and e.open is open_


def test_the_sensor_is_read_at_connect_then_a_kick_opens_and_a_push_closes(rig, hub, events):
    events.wait_for(drawer(False), what="the drawer read shut at connect")
    hub.kick_drawer()
    events.wait_for(drawer(True), what="the drawer open after the kick")
    assert rig.drawer() == {"open": True, "openings": 1}

    rig.drawer("close")
    events.wait_for(drawer(False), what="the drawer shut again")
    assert rig.status()["devices"]["printer"]["drawer"] == {"open": False, "openings": 1}
    assert len(events.of_type(DrawerState)) == 3  # changes only, never repeated


def test_a_kick_while_unplugged_opens_the_drawer_after_the_replug(rig, hub, events):
    events.wait_for(drawer(False), what="the drawer read shut at connect")
    rig.unplug("printer")
    events.state("printer", "disconnected")
    hub.kick_drawer()  # queued, as receipts are
    rig.replug("printer")
    events.state("printer", "connected")
    events.wait_for(drawer(True), what="the drawer open after the replug")
    wait_until(lambda: rig.drawer()["openings"] == 1, what="one opening")
