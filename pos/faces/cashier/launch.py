"""Build the till from its settings: device hub, engine, app. Used by `pos` and `make demo`.

One function so the `pos` command, the demo launcher, the tests and the
benchmark start the till the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from devices.config import DeviceSpec
from devices.hub import DeviceHub
from devices.rig.control import RigClient
from pos.config import TillConfig
from pos.domain.clock import Clock, oslo_now
from pos.faces.cashier.app import TillApp
from pos.till.engine import Till


def build_hub(config: TillConfig) -> DeviceHub | None:
    """Devices from `config.devices` (name → URL or path, `url,baud=…`) or the ports file."""
    if config.devices:
        specs = [DeviceSpec.from_arg(f"{name}={url}") for name, url in config.devices.items()]
        return DeviceHub(specs, ports_file=None)
    if config.ports is not None:
        return DeviceHub.from_ports_file(config.ports)
    return None


def build_app(
    config: TillConfig,
    *,
    clock: Clock = oslo_now,
    rig_socket: str | Path | None = None,
    demo_file: str | Path | None = None,
    hub: DeviceHub | None = None,
    **engine_options: Any,
) -> TillApp:
    """The app for `config`; in demo mode the device panel drives the rig at `rig_socket`."""
    hub = hub if hub is not None else build_hub(config)
    till = Till.open(config, hub=hub, clock=clock, **engine_options)
    demo = config.mode == "demo"
    demo_data: dict = {}
    if demo_file is not None and Path(demo_file).exists():
        demo_data = json.loads(Path(demo_file).read_text(encoding="utf-8"))
    rig = RigClient(rig_socket) if demo and rig_socket is not None else None
    return TillApp(till, hub=hub, lang=config.lang, demo=demo, rig=rig, demo_data=demo_data)
