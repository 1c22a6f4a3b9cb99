"""`pos`: the till's command line.

`pos journal verify|export-key …` work on a journal file; the bare `pos` will
start the till once its UI exists.
"""

from __future__ import annotations

import argparse
import sys

from pos.journal import cli as journal_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos", description="Coop till simulator")
    commands = parser.add_subparsers(dest="command")
    journal_cli.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "journal":
        return journal_cli.run(args)
    print("pos: the till UI is not built yet; see README.md (try `pos journal --help`)",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
