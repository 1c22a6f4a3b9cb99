"""A till without a screen: the engine driven by text commands, for tests and testers.

    python -m pos.faces.headless --data-dir var/till --ports var/ports.json \
        --backend http://127.0.0.1:8700 --terminal-key … [--no-sync]

Reads one command per line on stdin and writes one JSON object per line on
stdout: `{"ready": …}` once started (with the open sale, if one was recovered),
`{"event": "<EventType>", …}` for every engine event, and `{"done": "<cmd>"}`
after each command. Commands and device events from the hub (real or virtual
serial ports) run on one engine thread (`pos.faces.engine_thread`), in arrival
order — the same threading model as the Textual faces.

Commands: `login ID PIN`, `logout`, `scan CODE`, `enter TEXT` (`3*`, a PLU, a
code), `weigh KEY GRAMS`, `qty LINE N`, `void-line N`, `void-sale`,
`age yes|no`, `cash [ØRE]`, `card [ØRE]`, `cancel-card`, `coopay QR [ØRE]`,
`split-coopay ØRE`, `suspend`, `resume SALE_ID`, `state`, `status`, `quit`; and the
register commands of `pos.faces.headless.register_commands` (`x-report`, `z-report`, `provisional`,
`copy`, `returnable REF`, `return REF [LINE:QTY …] [cash]`, `training on|off SUP PIN`,
`drawer`, `float ØRE`, `withdraw ØRE`, `count ØRE`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
from typing import Any

from pos.config import load_config
from pos.domain.texts import Text
from pos.faces.engine_thread import EngineThread
from pos.faces.headless.register_commands import register_command
from pos.till.engine import Till


def to_json(value: Any) -> Any:
    """Dataclasses (events, sale views) as plain JSON values; anything else as text."""
    if isinstance(value, Text):  # a message in both languages, as a tester reads it
        return {"nb": value.nb, "en": value.en}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return out
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


_stdout = threading.Lock()


def emit(obj: dict[str, Any]) -> None:
    """One JSON line; the engine, the sync worker and the command loop all write."""
    line = json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n"
    with _stdout:
        sys.stdout.write(line)
        sys.stdout.flush()


def _ore(args: list[str], index: int = 0) -> int | None:
    return int(args[index]) if len(args) > index else None


async def run_command(till: Till, line: str) -> bool:
    """Run one text command; False when it was `quit`."""
    name, *args = line.split()
    if name == "quit":
        return False
    simple = {
        "logout": lambda: till.logout(),
        "void-sale": lambda: till.void_sale("headless"),
        "suspend": lambda: till.suspend(),
        "cancel-card": lambda: till.cancel_card_payment(),
        "cash": lambda: till.pay_cash(_ore(args)),
        "card": lambda: till.pay_card(_ore(args)),
        "split-coopay": lambda: till.expect_coopay(_ore(args)),
        "copy": lambda: till.print_copy(),
        "drawer": lambda: till.open_drawer(),
        "training": lambda: till.set_training(args[0] == "on"),
    }
    if name in simple:
        simple[name]()
    elif name == "login":
        till.login(args[0], args[1])
    elif name == "scan":
        await till.scan(args[0])
    elif name == "enter":
        await till.enter_code(" ".join(args))
    elif name == "weigh":
        till.add_weighed(args[0], int(args[1]))
    elif name == "qty":
        till.change_quantity(int(args[0]), int(args[1]))
    elif name == "void-line":
        till.void_line(int(args[0]))
    elif name == "age":
        till.confirm_age() if args[0] == "yes" else till.refuse_age()
    elif name == "coopay":
        await till.pay_coopay(args[0], _ore(args, 1))
    elif name == "void-payment":
        await till.void_payment(int(args[0]))
    elif name == "resume":
        till.resume(args[0])
    elif name == "state":
        emit({"state": to_json(till.sale)})
    elif name == "status":
        emit({"status": to_json(till.status_event())})
    elif await register_command(till, name, args, emit):
        pass  # x-report, z-report, copy, return, training, drawer, float, withdraw, count
    else:
        emit({"error": f"unknown command {name!r}"})
    return True


def serve(till: Till, hub: Any, engine: EngineThread) -> None:
    """Run stdin's commands and the devices' events on `engine` until `quit` or end of input."""
    engine.start()
    if hub is not None:
        hub.set_on_event(lambda event: engine.deliver(till.handle_device_event, event))
        hub.start()
    emit({"ready": True, "sale": to_json(engine.submit(till.start).result())})
    for raw in sys.stdin:
        line = raw.strip()
        if not line:
            continue
        try:
            keep_going = engine.submit(run_command, till, line).result()
        except (IndexError, ValueError) as exc:
            emit({"error": f"{line!r}: {exc}"})
            keep_going = True
        emit({"done": line})
        if not keep_going:
            break


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos.faces.headless", description=__doc__)
    for flag in ("config", "ports", "backend", "terminal-key", "store", "register", "data-dir",
                 "lang"):
        parser.add_argument(f"--{flag}")
    parser.add_argument("--no-sync", action="store_true")
    args = parser.parse_args(argv)
    flags = {k: v for k, v in vars(args).items() if k not in ("config", "no_sync")}
    config = load_config(flags, config_file=args.config)
    hub = None
    if config.ports is not None:
        from devices.hub import DeviceHub

        hub = DeviceHub.from_ports_file(config.ports)
    till = Till.open(config, hub=hub, listener=lambda e: emit(
        {"event": type(e).__name__, **to_json(e)}))
    if args.no_sync:
        till.client = None

    engine = EngineThread("headless-engine")
    try:
        serve(till, hub, engine)
    finally:
        if hub is not None:
            hub.stop()
        if engine.running:
            engine.submit(till.aclose).result()
            engine.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
