"""`pos-devices`: the virtual device rig for testers, and a listener for real hardware.

    pos-devices up [--baud 115200] [--auto-pay approve]   start the rig (runs until stopped)
    pos-devices scan 7038010000706                         a scan on the fixed scanner
    pos-devices scan --aim ']Q1' '<payload>'               … with an AIM identifier
    pos-devices card 9578010000047115 --as msr             swipe / tap (msr, rfid, nfc)
    pos-devices pay approve|decline|timeout|cancel|silent  the terminal's next outcome
    pos-devices unplug scanner / replug scanner            pull and reconnect a cable
    pos-devices noise scanner --bytes 64                   line noise
    pos-devices status | drawer status|close | display show
    pos-devices printer last|render FILE [--png F]        receipts (devices.cli_printer)
    pos-devices play FILE | down
    pos-devices scale set 0.742 [--unstable|--overload]    the scale (devices.cli_scale)
    pos-devices listen [--device name=url,baud=9600]       print events from real devices
    pos-devices phone …                                    the member's phone (devices.phone)

Everything finds the rig through `--dir` (default `$POS_DEVICES_DIR` or `./var`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import signal
import sys
from pathlib import Path
from typing import Any

from devices import cli_printer, cli_scale
from devices.config import DeviceSpec, default_control_socket, default_ports_file, devices_dir
from devices.errors import ConfigError, DeviceError, RigError
from devices.rig.control import RigClient
from devices.rig.rig import DEVICES, Rig
from devices.rig.scenario import load_scenario, play
from devices.rig.terminal import OUTCOMES


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command_at = _command_index(argv)
    if command_at is not None and argv[command_at] == "phone":
        # the rig's global --dir/--socket mean the same to the phone: pass them on
        return _phone(argv[:command_at] + argv[command_at + 1 :])
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (DeviceError, OSError) as exc:
        print(f"pos-devices: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _command_index(argv: list[str]) -> int | None:
    """Where the subcommand is, past the global `--dir X` / `--socket X` options."""
    i = 0
    while i < len(argv):
        if argv[i] in ("--dir", "--socket"):
            i += 2
        elif argv[i].startswith("-"):
            i += 1
        else:
            return i
    return None


def _phone(rest: list[str]) -> int:
    """`pos-devices phone …` belongs to the backend team's devices.phone (imported lazily)."""
    try:
        module = importlib.import_module("devices.phone.cli")
    except ModuleNotFoundError as exc:
        if exc.name not in ("devices.phone", "devices.phone.cli"):
            raise
        print(
            "pos-devices phone: the phone simulator (devices.phone) is not installed yet",
            file=sys.stderr,
        )
        return 2
    return module.main(rest)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-devices", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", help="rig directory (default $POS_DEVICES_DIR or ./var)")
    parser.add_argument("--socket", help="control socket (default DIR/devices.sock)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = sub.add_parser("up", help="start the virtual rig and run until stopped")
    up.add_argument("--devices", help=f"comma-separated subset of {','.join(DEVICES)}")
    up.add_argument(
        "--baud",
        action="append",
        default=[],
        metavar="[DEVICE=]BAUD",
        help="line speed for all devices, or DEVICE=BAUD (repeatable)",
    )
    up.add_argument("--auto-pay", choices=OUTCOMES, help="answer every payment on its own")
    up.add_argument(
        "--terminal-timeout",
        type=float,
        default=60.0,
        help="seconds the terminal waits for a card before TIMEOUT (60)",
    )
    up.add_argument(
        "--step-delay", type=float, default=0.3, help="seconds between the terminal's prompts (0.3)"
    )
    up.add_argument("--seed", type=int, help="seed for noise and test cards (repeatable runs)")
    up.add_argument("--play", metavar="SCENARIO", help="play a scenario once the rig is up")
    up.set_defaults(func=_cmd_up)

    scan = sub.add_parser("scan", help="send a barcode from a scanner")
    scan.add_argument("data")
    scan.add_argument("--aim", help="AIM symbology identifier, e.g. ']E0' or ']Q1'")
    scan.add_argument("--device", default="scanner", help="scanner or handheld")
    scan.add_argument("--count", type=int, default=1, help="send it this many times")
    scan.add_argument("--stall-ms", type=int, default=0,
                      help="fault: stall this long after each frame's first byte")
    scan.set_defaults(func=lambda a: _print(_client(a).scan(a.data, a.aim, a.device, a.count,
                                                            a.stall_ms)))

    card = sub.add_parser("card", help="present a member card to a reader")
    card.add_argument("value", help="16-digit card number (msr) or the chip UID in hex (rfid, nfc)")
    card.add_argument("--as", dest="as_", choices=("msr", "rfid", "nfc"), default="msr")
    card.add_argument("--device", help="reader device (default: the one for --as)")
    card.add_argument("--corrupt", action="store_true", help="send it with a bad checksum")
    card.set_defaults(func=lambda a: _print(_client(a).card(a.value, a.as_, a.device, a.corrupt)))

    pay = sub.add_parser("pay", help="what the payment terminal does with the (next) request")
    pay.add_argument("outcome", choices=OUTCOMES)
    pay.add_argument("--device", default="terminal")
    pay.set_defaults(func=lambda a: _print(_client(a).pay(a.outcome, a.device)))

    for name, text in (("unplug", "pull a device's cable"), ("replug", "plug it back in")):
        p = sub.add_parser(name, help=text)
        p.add_argument("device")
        p.set_defaults(func=lambda a, op=name: _print(getattr(_client(a), op)(a.device)))

    noise = sub.add_parser("noise", help="line noise from a device")
    noise.add_argument("device")
    noise.add_argument("--bytes", type=int, default=64, dest="nbytes")
    noise.set_defaults(func=lambda a: _print(_client(a).noise(a.device, a.nbytes)))

    status = sub.add_parser("status", help="every device's state")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_cmd_status)

    cli_printer.register(sub, _client)

    drawer = sub.add_parser("drawer", help="the cash drawer on the printer: status, close, or "
                                           "open (with its key)")
    drawer.add_argument("action", choices=("status", "close", "open"))
    drawer.add_argument("--device", default="printer", help="the printer it hangs off")
    drawer.set_defaults(func=lambda a: _show_drawer(_client(a).drawer(a.action, a.device)))

    shown = sub.add_parser("display", help="what the customer display shows")
    shown.add_argument("action", choices=("show",))
    shown.add_argument("--device", default="display")
    shown.set_defaults(func=lambda a: _show_display(_client(a).display(a.device)))

    play_p = sub.add_parser("play", help="play a scenario (TOML) against the running rig")
    play_p.add_argument("scenario")
    play_p.set_defaults(func=lambda a: _play(a.scenario, _client(a)))

    down = sub.add_parser("down", help="stop the running rig")
    down.set_defaults(func=lambda a: _print(_client(a).shutdown()))

    listen = sub.add_parser("listen", help="open devices like the till does and print events")
    listen.add_argument("--ports", help="ports file (default DIR/ports.json)")
    listen.add_argument(
        "--device",
        action="append",
        default=[],
        metavar="NAME=URL[,k=v…]",
        help="a device by URL instead of the ports file (repeatable)",
    )
    listen.add_argument("--max-events", type=int, help="exit after this many events")
    listen.set_defaults(func=_cmd_listen)
    cli_scale.register(sub, _client, _print)
    return parser


def _client(args: argparse.Namespace) -> RigClient:
    return RigClient(args.socket or default_control_socket(args.dir))


def _print(result: Any) -> int:
    if isinstance(result, dict) and result.get("attached") is False:
        print("warning: no till has this port open; what was sent is lost", file=sys.stderr)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _bauds(values: list[str]) -> dict[str, int] | None:
    """`--baud 115200` for every device, `--baud scanner=9600` for one (the latter wins)."""
    every: int | None = None
    one: dict[str, int] = {}
    for value in values:
        name, sep, baud = value.rpartition("=")
        try:
            number = int(baud)
        except ValueError:
            raise ConfigError(f"--baud takes BAUD or DEVICE=BAUD, not {value!r}") from None
        if sep:
            one[name] = number
        else:
            every = number
    if every is None and not one:
        return None
    return {**({n: every for n in DEVICES} if every else {}), **one}


def _cmd_up(args: argparse.Namespace) -> int:
    devices = args.devices.split(",") if args.devices else None
    rig = Rig(
        devices_dir(args.dir),
        devices=devices,
        baud=_bauds(args.baud),
        auto_pay=args.auto_pay,
        terminal_timeout=args.terminal_timeout,
        terminal_step_delay=args.step_delay,
        seed=args.seed,
    )
    scenario = load_scenario(args.play) if args.play else None
    signal.signal(signal.SIGTERM, lambda *_: rig.stopped.set())
    def sleep(seconds: float) -> None:  # a scenario's waits end when the rig is stopped
        if rig.stopped.wait(seconds):
            raise RigError("the rig was stopped while the scenario was playing")

    with rig:
        _describe(rig)
        if scenario is not None:
            play(scenario, rig, sleep=sleep, log=lambda line: print(line, flush=True))
        try:
            while not rig.stopped.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
        print("pos-devices: stopping the rig", flush=True)
    return 0


def _describe(rig: Rig) -> None:
    status = rig.status()["devices"]
    print(f"pos-devices: virtual rig up (pid {rig.ping()['pid']})")
    print(f"  ports file  {rig.ports_file}")
    print(f"  control     {rig.socket_path}")
    print(f"  receipts    {rig.state_dir / 'printer'}")
    rows = [("device", "kind", "baud", "path", "pty")]
    rows += [(n, s["kind"], str(s["baud"]), s["path"], s["pty"] or "-") for n, s in status.items()]
    _table(rows)
    print("Stop with Ctrl-C or `pos-devices down`.", flush=True)


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _cmd_status(args: argparse.Namespace) -> int:
    status = _client(args).status()
    if args.json:
        print(json.dumps(status, indent=2, ensure_ascii=False))
        return 0
    rows = [("device", "kind", "plugged", "till", "baud", "out", "in", "details")]
    for name, s in status["devices"].items():
        rows.append(
            (
                name,
                s["kind"],
                "yes" if s["plugged"] else "NO",
                "open" if s["attached"] else "-",
                str(s["baud"]),
                str(s["bytes_out"]),
                str(s["bytes_in"]),
                _details(s),
            )
        )
    _table(rows)
    return 0


def _details(s: dict[str, Any]) -> str:
    if s["kind"] == "scanner":
        state = "enabled" if s["enabled"] else "DISABLED"
        return f"{state}, beeps good {s['beeps']['good']} bad {s['beeps']['bad']}"
    if s["kind"] == "card_reader":
        return f"{s['source']}, {s['reads']} reads"
    if s["kind"] == "payment_terminal":
        pending = s["pending"]["request_id"] if s["pending"] else "idle"
        return f"{pending}, queued {s['queued_outcomes'] or '-'}, auto {s['auto'] or '-'}"
    if s["kind"] == "printer":
        return f"{s['printed']} receipts"
    if s["kind"] == "scale":
        return cli_scale.scale_details(s)
    return ""


def _show_display(state: dict) -> int:
    border = "+" + "-" * 20 + "+"
    print("\n".join([border, *(f"|{line}|" for line in state["lines"]), border]))
    return 0


def _show_drawer(state: dict) -> int:
    print(f"drawer {'open' if state['open'] else 'shut'} ({state['openings']} openings)")
    return 0


def _play(path: str, rig: RigClient) -> int:
    scenario = load_scenario(path)
    print(f"playing {scenario.name} ({len(scenario.steps)} steps)", flush=True)
    play(scenario, rig, log=lambda line: print(line, flush=True))
    return 0


def _cmd_listen(args: argparse.Namespace) -> int:
    from devices.hub import DeviceHub

    if args.device:
        hub = DeviceHub([DeviceSpec.from_arg(text) for text in args.device])
    else:
        hub = DeviceHub.from_ports_file(
            Path(args.ports) if args.ports else default_ports_file(args.dir)
        )
    seen = 0
    with hub:
        try:
            while args.max_events is None or seen < args.max_events:
                event = hub.get_event(timeout=0.5)
                if event is not None:
                    seen += 1
                    print(repr(event), flush=True)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
