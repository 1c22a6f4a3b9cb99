"""`pos-devices scale …` and `pos-devices bagging …`: what lies on the rig's scales.

    pos-devices scale set 0.742                    a stable 742 g on the till's scale
    pos-devices scale set 0.742 --unstable         … still moving (the till waits)
    pos-devices scale set 0.742 --settle-ms 800    … moving, at rest after 0.8 s
    pos-devices scale set 16 --overload            over capacity
    pos-devices scale tare 0.015                   the scale's tare key: 15 g off every weight
    pos-devices scale silent on|off                the scale stops answering (timeouts)
    pos-devices bagging set 1.234                  the lane's bagging-area scale
                                                   (= scale set --port bagging 1.234)

Weights are kilograms with up to three decimals (whole grams), as a scale shows them.
A module of its own so `devices/cli.py` stays one screen per job; it registers here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from devices.errors import ConfigError
from devices.rig.control import RigClient

ClientFor = Callable[[argparse.Namespace], RigClient]


def grams(text: str) -> int:
    """`0.742` (kg, as the scale shows it) → 742; ConfigError for anything finer than a gram."""
    try:
        kilos = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ConfigError(f"a weight is kilograms such as 0.742, not {text!r}") from None
    value = kilos * 1000
    if not value.is_finite() or value != value.to_integral_value():
        raise ConfigError(f"weigh to the gram: at most three decimals, not {text!r}")
    return int(value)


def scale_details(status: dict[str, Any]) -> str:
    """The `pos-devices status` column for a scale."""
    state = "OVERLOAD" if status["overload"] else ("stable" if status["stable"] else "moving")
    extra = ", SILENT" if status["silent"] else ""
    return (f"{status['net_g'] / 1000:.3f} kg net {state}, tare {status['tare_g']} g, "
            f"{status['weighings']} weighings{extra}")


def register(sub: argparse._SubParsersAction, client: ClientFor,
             show: Callable[[Any], int]) -> None:
    """Add `scale` and `bagging` to the `pos-devices` command line (`show` prints a result)."""
    for name, default, text in (("scale", "scale", "the till's weighing scale"),
                                ("bagging", "bagging", "the lane's bagging-area scale")):
        parser = sub.add_parser(name, help=text)
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        put = verbs.add_parser("set", help="put a weight on it (kg)")
        put.add_argument("kilos", help="kilograms, e.g. 0.742 (negative: under zero)")
        moving = put.add_mutually_exclusive_group()
        moving.add_argument("--unstable", action="store_true", help="still moving")
        moving.add_argument("--overload", action="store_true", help="over capacity")
        put.add_argument("--settle-ms", type=int, default=0, help="moving, at rest after this")
        put.add_argument("--port", default=default, help=f"which scale (default {default})")
        put.set_defaults(func=lambda a: show(client(a).scale_set(
            grams(a.kilos), a.port, a.unstable, a.overload, a.settle_ms)))
        tare = verbs.add_parser("tare", help="the scale's tare key (kg)")
        tare.add_argument("kilos")
        tare.add_argument("--port", default=default)
        tare.set_defaults(func=lambda a: show(client(a).scale_tare(grams(a.kilos), a.port)))
        silent = verbs.add_parser("silent", help="stop answering the till (on) or answer (off)")
        silent.add_argument("on", choices=("on", "off"))
        silent.add_argument("--port", default=default)
        silent.set_defaults(func=lambda a: show(client(a).scale_silent(a.on == "on", a.port)))
