"""Scripted scenarios for repeatable test runs: `pos-devices play scenario.toml`.

A scenario is a TOML file with a list of steps; each step waits `delay` seconds
and then does one action (docs/scenarios/example.toml):

    name = "Happy path with a member card"

    [[step]]
    scan = "7038010000706"          # optional: aim = "]E0", device = "handheld", count = 3
    [[step]]
    delay = 1.5
    card = "9578010000047115"       # as = "msr" | "rfid" | "nfc", corrupt = true
    [[step]]
    pay = "approve"                 # decline | timeout | cancel | silent
    [[step]]
    noise = "scanner"               # bytes = 64
    [[step]]
    unplug = "scanner"              # then: replug = "scanner"
    [[step]]
    wait_receipt = 10               # wait up to 10 s for the till to print a receipt
    [[step]]
    weight = 0.742                  # kg on the scale; device = "bagging", unstable/overload = true
    [[step]]
    delay = 2.0                     # a step with only a delay is a pause

`parse_scenario` checks everything before anything runs (a typo fails at once,
naming the step); `play` drives a `Rig` or a `RigClient`, which have the same
operations.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from devices.errors import ConfigError, RigError

ACTIONS: dict[str, dict[str, type | tuple[type, ...]]] = {
    # action key → the other keys it takes and their types
    "scan": {"aim": str, "device": str, "count": int},
    "card": {"as": str, "device": str, "corrupt": bool},
    "pay": {"device": str},
    "unplug": {},
    "replug": {},
    "noise": {"bytes": int},
    "wait_receipt": {"device": str},
    "weight": {"device": str, "unstable": bool, "overload": bool},
}
VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    "scan": str,
    "card": str,
    "pay": str,
    "unplug": str,
    "replug": str,
    "noise": str,
    "wait_receipt": (int, float),
    "weight": (int, float),
}
MAX_DELAY = 3600.0


class RigControl(Protocol):
    def scan(
        self, data: str, aim: str | None = ..., device: str = ..., count: int = ...
    ) -> dict: ...
    def card(
        self, value: str, as_: str = ..., device: str | None = ..., corrupt: bool = ...
    ) -> dict: ...
    def pay(self, outcome: str, device: str = ...) -> dict: ...
    def unplug(self, device: str) -> dict: ...
    def replug(self, device: str) -> dict: ...
    def noise(self, device: str, nbytes: int = ...) -> dict: ...
    def status(self) -> dict: ...
    def scale_set(self, grams: int, device: str = ..., unstable: bool = ...,
                  overload: bool = ...) -> dict: ...


@dataclass(frozen=True)
class Step:
    delay: float
    action: str | None  # None: a pause
    value: Any = None
    options: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        if self.action is None:
            return f"pause {self.delay:g} s"
        extra = " ".join(f"{k}={v}" for k, v in self.options.items())
        return f"{self.action} {self.value} {extra}".strip()


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]


def _is(value: Any, types: type | tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        return False
    return isinstance(value, types)


def _step(index: int, raw: Any) -> Step:
    where = f"step {index}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: must be a table ([[step]])")
    delay = raw.get("delay", 0)
    if not _is(delay, (int, float)) or not 0 <= delay <= MAX_DELAY:
        raise ConfigError(f"{where}: delay must be 0 to {MAX_DELAY:g} seconds")
    actions = [key for key in raw if key in ACTIONS]
    if len(actions) > 1:
        raise ConfigError(f"{where}: one action per step, found {actions}")
    allowed = {"delay", *actions, *(ACTIONS[actions[0]] if actions else {})}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; actions are {sorted(ACTIONS)}")
    if not actions:
        return Step(float(delay), None)
    action = actions[0]
    value = raw[action]
    if not _is(value, VALUE_TYPES[action]) or (isinstance(value, str) and not value):
        raise ConfigError(f"{where}: {action} needs a non-empty {_name(VALUE_TYPES[action])}")
    options = {key: raw[key] for key in ACTIONS[action] if key in raw}
    for key, val in options.items():
        if not _is(val, ACTIONS[action][key]):
            raise ConfigError(f"{where}: {key} must be a {_name(ACTIONS[action][key])}")
    return Step(float(delay), action, value, options)


def _name(types: type | tuple[type, ...]) -> str:
    return " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))


def parse_scenario(text: str, *, source: str = "scenario") -> Scenario:
    """TOML text → `Scenario`; ConfigError (with the step number) for anything wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    steps = data.get("step")
    if not isinstance(steps, list) or not steps:
        raise ConfigError(f"{source}: needs at least one [[step]]")
    unknown = sorted(set(data) - {"name", "description", "step"})
    if unknown:
        raise ConfigError(f"{source}: unknown top-level key(s) {unknown}")
    name = data.get("name", source)
    if not isinstance(name, str):
        raise ConfigError(f"{source}: name must be text")
    try:
        parsed = tuple(_step(i, raw) for i, raw in enumerate(steps, start=1))
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    return Scenario(name=name, steps=parsed)


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"scenario {path}: {exc.strerror or exc}") from None
    return parse_scenario(text, source=str(path))


def play(
    scenario: Scenario,
    rig: RigControl,
    *,
    sleep: Callable[[float], None] = time.sleep,
    log: Callable[[str], None] = print,
) -> int:
    """Run every step in order; returns the number of steps done. RigError stops the run."""
    started = time.monotonic()
    printed = _printed(rig) if any(s.action == "wait_receipt" for s in scenario.steps) else 0
    for number, step in enumerate(scenario.steps, start=1):
        if step.delay:
            sleep(step.delay)
        if step.action == "wait_receipt":
            printed = _wait_receipt(rig, step, printed, sleep)
            result: Any = {"printed": printed}
        elif step.action is not None:
            result = _run(rig, step)
        else:
            result = None
        elapsed = time.monotonic() - started
        log(
            f"[{elapsed:7.2f} s] {number:3d} {step.describe()}" + (f" → {result}" if result else "")
        )
    return len(scenario.steps)


def _run(rig: RigControl, step: Step) -> dict:
    o, v = step.options, step.value
    if step.action == "scan":
        return rig.scan(
            v, aim=o.get("aim"), device=o.get("device", "scanner"), count=o.get("count", 1)
        )
    if step.action == "card":
        return rig.card(
            v, as_=o.get("as", "msr"), device=o.get("device"), corrupt=o.get("corrupt", False)
        )
    if step.action == "pay":
        return rig.pay(v, device=o.get("device", "terminal"))
    if step.action == "noise":
        return rig.noise(v, nbytes=o.get("bytes", 64))
    if step.action == "unplug":
        return rig.unplug(v)
    if step.action == "weight":
        grams = int(Decimal(str(v)) * 1000)
        return rig.scale_set(grams, device=o.get("device", "scale"),
                             unstable=o.get("unstable", False), overload=o.get("overload", False))
    return rig.replug(v)


def _printed(rig: RigControl, device: str = "printer") -> int:
    try:
        return int(rig.status()["devices"][device]["printed"])
    except (KeyError, TypeError):
        raise RigError(f"the rig has no printer {device!r} to wait for") from None


def _wait_receipt(rig: RigControl, step: Step, printed: int, sleep: Callable[[float], None]) -> int:
    device = step.options.get("device", "printer")
    deadline = time.monotonic() + float(step.value)
    while True:
        now_printed = _printed(rig, device)
        if now_printed > printed:
            return now_printed
        if time.monotonic() >= deadline:
            raise RigError(f"no receipt printed within {step.value} s")
        sleep(0.1)
