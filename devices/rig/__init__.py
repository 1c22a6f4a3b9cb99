"""The virtual device rig for testers: ptys, emulators, ports file, control socket, scenarios.

`Rig` runs it in-process (tests, benchmarks); `pos-devices up` runs it as a process;
`RigClient` drives a running one; `devices.rig.scenario` plays TOML scripts.
"""

from devices.rig.control import RigClient
from devices.rig.rig import DEVICES, Rig

__all__ = ["DEVICES", "Rig", "RigClient"]
