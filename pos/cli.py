"""`pos`: the till's command line (the Textual app lands with the till issue)."""

import sys


def main(argv: list[str] | None = None) -> int:
    print("pos: the till UI is not built yet; see README.md", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
