"""Build the lane and the handheld from their settings (the `pos --mode …` entry points)."""

from __future__ import annotations

from typing import Any

from pos.config import TillConfig
from pos.domain.clock import Clock, oslo_now
from pos.lane.lane import Lane
from pos.lane.settings import LaneSettings
from pos.till.engine import Till


def build_lane_app(config: TillConfig, lane_settings: LaneSettings, *, clock: Clock = oslo_now,
                   hub: Any = None, rng: Any = None, sync: bool = True) -> Any:
    """The self-checkout lane on `config`'s devices, journal and backend."""
    from pos.faces.lane.app import LaneApp

    hub = hub if hub is not None else device_hub(config, without=("handheld",))
    till = Till.open(config, hub=hub, clock=clock)
    lane = Lane(till, lane_settings, rng=rng)
    return LaneApp(lane, hub=hub, lang=config.lang, sync=sync)


def device_hub(config: TillConfig, *, only: tuple[str, ...] = (),
               without: tuple[str, ...] = ()) -> Any:
    """A hub on some of the configured devices: the lane leaves the handheld to the handheld.

    Two hubs must never open the same port (each would get half the bytes).
    """
    from devices.config import DeviceSpec, load_ports_file
    from devices.hub import DeviceHub

    if config.devices:
        specs = [DeviceSpec.from_arg(f"{name}={url}") for name, url in config.devices.items()]
        ports_file = None
    elif config.ports is not None:
        specs = list(load_ports_file(config.ports).devices.values())
        ports_file = config.ports
    else:
        return None
    chosen = [s for s in specs if (not only or s.name in only) and s.name not in without]
    return DeviceHub(chosen, ports_file=ports_file) if chosen else None


def build_handheld_app(config: TillConfig, lane_settings: LaneSettings, *,
                       clock: Clock = oslo_now, hub: Any = None) -> Any:
    """The ShopExpress handheld: its own scanner, the member backend, the store key."""
    from pos.domain.catalog import load_default_catalog
    from pos.domain.settings import StoreSettings
    from pos.faces.handheld.app import HandheldApp
    from pos.handheld.handheld import Handheld
    from pos.sync.client import TerminalClient

    hub = hub if hub is not None else device_hub(config, only=("handheld",))
    key = config.key()
    handheld = Handheld(catalog=load_default_catalog(), store=config.store,
                        key=lane_settings.key_bytes,
                        settings=StoreSettings(store_id=config.store),
                        client=TerminalClient(config.backend, key) if key else None,
                        clock=clock)
    return HandheldApp(handheld, hub=hub, lang=config.lang)
