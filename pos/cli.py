"""`pos`: the till's command line.

    pos --ports var/ports.json --backend http://127.0.0.1:8700 --store 1001 --register 3
    pos --config till.toml            # or POS_… environment variables (see pos/config.py)
    pos --device scanner=/dev/ttyUSB0 --device printer=socket://127.0.0.1:9100
    pos journal verify|export-key …   # work on a journal file
    pos --mode self-checkout [--lane-config lane.toml]   # the shopper-facing lane
    pos --mode shopexpress [--lane-config lane.toml]     # the ShopExpress handheld

The bare `pos` runs the Textual till in the terminal (docs/ui.md).
"""

from __future__ import annotations

import argparse
import sys

from pos.tools import journal_cli

LANE_MODES = ("self-checkout", "shopexpress")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos", description="Coop till simulator")
    till = parser.add_argument_group("the till (bare `pos`)")
    till.add_argument("--config", help="TOML config file ([till] table); also POS_CONFIG")
    till.add_argument("--ports", help="the rig's ports file (device → serial path)")
    till.add_argument("--device", action="append", default=[], metavar="NAME=URL",
                      help="a device by pyserial URL or path, e.g. scanner=/dev/ttyUSB0 "
                           "(repeatable; overrides the ports file)")
    till.add_argument("--backend", help="member backend base URL, e.g. http://127.0.0.1:8700")
    till.add_argument("--terminal-key", help="the terminal's API key (prefer --terminal-key-file)")
    till.add_argument("--terminal-key-file", help="file holding the terminal's API key")
    till.add_argument("--store", help="store number")
    till.add_argument("--register", help="register (till) number")
    till.add_argument("--data-dir", help="where the journal and its keys live")
    till.add_argument("--lang", choices=("nb", "en"), help="language at start (F10 switches)")
    till.add_argument("--mode", choices=("normal", "demo", *LANE_MODES),
                      help="demo: device panel on F12; self-checkout: the lane; "
                           "shopexpress: the handheld (docs/selfcheckout.md)")
    till.add_argument("--lane-config", help="lane/handheld settings ([lane] TOML); "
                                            "also POS_LANE_CONFIG")
    till.add_argument("--operators-file", help="TOML file of operators (id, name, PIN)")
    till.add_argument("--rig-socket", help="demo: the rig's control socket (var/devices.sock)")
    till.add_argument("--demo-file", help="demo: the backend's demo.json (members, phones)")
    commands = parser.add_subparsers(dest="command")
    journal_cli.add_commands(commands)
    return parser


def _flags(args: argparse.Namespace) -> dict:
    flags = {
        name: getattr(args, name)
        for name in ("ports", "backend", "terminal_key", "terminal_key_file", "store",
                     "register", "data_dir", "lang", "mode", "operators_file")
    }
    if flags["mode"] in LANE_MODES:
        flags["mode"] = "normal"  # the till settings know no lane modes; run_lane takes it
    if args.device:
        flags["devices"] = dict(item.split("=", 1) for item in args.device if "=" in item)
    return flags


def run_till(args: argparse.Namespace) -> int:
    from pos.config import ConfigError, load_config
    from pos.faces.cashier.launch import build_app

    bad = [item for item in args.device if "=" not in item]
    if bad:
        print(f"pos: --device takes NAME=URL, not {bad[0]!r}", file=sys.stderr)
        return 2
    try:
        config = load_config(_flags(args), config_file=args.config)
        app = build_app(config, rig_socket=args.rig_socket, demo_file=args.demo_file)
    except (ConfigError, ValueError, OSError) as exc:
        print(f"pos: {exc}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0


def run_lane(args: argparse.Namespace) -> int:
    """`--mode self-checkout` or `--mode shopexpress`: the same settings, another face."""
    import os

    from pos.config import ConfigError, load_config
    from pos.faces.lane.launch import build_handheld_app, build_lane_app
    from pos.lane.settings import LaneSettingsError, load_lane_settings

    try:
        config = load_config(_flags(args), config_file=args.config)
        lane_settings = load_lane_settings(args.lane_config or os.environ.get("POS_LANE_CONFIG"))
        app = (build_lane_app(config, lane_settings) if args.mode == "self-checkout"
               else build_handheld_app(config, lane_settings))
    except (ConfigError, LaneSettingsError, ValueError, OSError) as exc:
        print(f"pos: {exc}", file=sys.stderr)
        return 2
    app.run()
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "journal":
        return journal_cli.run(args)
    if args.mode in LANE_MODES:
        return run_lane(args)
    return run_till(args)


if __name__ == "__main__":
    raise SystemExit(main())
