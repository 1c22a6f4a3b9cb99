"""`pos-devices printer …`: what the till printed, as text or as a picture of the paper.

    pos-devices printer last                        the rig's last receipt, decoded
    pos-devices printer last --png last.png         … drawn 576 dots wide (80 mm, 203 dpi)
    pos-devices printer render FILE [--receipt N]   receipts in an ESC/POS file, as text
    pos-devices printer render FILE --png out.png   … or drawn (default: the last receipt)

The rig keeps every receipt twice, `receipt-NNNN.txt` and `receipt-NNNN.escpos` (the
bytes the printer got); `render` takes either those or any capture of an ESC/POS
stream. A module of its own so `devices/cli.py` stays one screen per job.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from devices.rig.control import RigClient

ClientFor = Callable[[argparse.Namespace], RigClient]


def register(sub, client_for: ClientFor) -> None:
    prn = sub.add_parser("printer", help="receipts the till printed (text, or a PNG of the paper)")
    what = prn.add_subparsers(dest="what", required=True, metavar="last|render")
    last = what.add_parser("last", help="the rig's last receipt")
    last.add_argument("--png", metavar="OUT", help="write a picture of the paper (576 dots wide)")
    last.add_argument("--device", default="printer", help="the rig's printer (printer)")
    last.set_defaults(func=lambda a: _last(a, client_for(a)))
    render = what.add_parser("render", help="receipts in a file of ESC/POS bytes")
    render.add_argument("file", help="ESC/POS bytes, e.g. a receipt-NNNN.escpos of the rig")
    render.add_argument("--png", metavar="OUT", help="write a picture of the paper (576 dots wide)")
    render.add_argument("--receipt", type=int, default=-1, metavar="N",
                        help="which receipt of the file: 1 the first, -1 the last (default)")
    render.set_defaults(func=_render)


def _last(args: argparse.Namespace, rig: RigClient) -> int:
    last = rig.last_receipt(args.device)
    if not last.get("text"):
        print("no receipt printed yet", file=sys.stderr)
        return 1
    if not args.png:
        print(f"# {last['path']}")
        print(last["text"], end="")
        return 0
    if not last.get("escpos"):
        print("pos-devices: this receipt was kept as text only", file=sys.stderr)
        return 1
    return _draw(Path(last["escpos"]).read_bytes(), -1, Path(args.png), last["escpos"])


def _render(args: argparse.Namespace) -> int:
    data = Path(args.file).read_bytes()
    if args.png:
        return _draw(data, args.receipt, Path(args.png), args.file)
    from devices.escpos_decoder import decode_receipts

    receipts, pending = decode_receipts(data)
    receipts += [pending + "\n"] if pending.strip() else []
    chosen = _pick(receipts, args.receipt, args.file)
    if chosen is None:
        return 1
    print(chosen, end="")
    return 0


def _draw(data: bytes, which: int, out: Path, source: str) -> int:
    from devices import receipt_picture

    layouts = receipt_picture.receipts_in(data)
    layout = _pick(layouts, which, source)
    if layout is None:
        return 1
    receipt_picture.picture(layout).save(out, format="PNG")
    print(out)
    return 0


def _pick(receipts: list, which: int, source: str):
    """The `which`-th receipt (1-based, or negative from the end), or None with a message."""
    if not receipts:
        print(f"pos-devices: nothing was printed in {source} (no text before a cut)",
              file=sys.stderr)
        return None
    index = which - 1 if which > 0 else which
    if which == 0 or not -len(receipts) <= index < len(receipts):
        print(f"pos-devices: {source} holds {len(receipts)} receipt(s); "
              f"--receipt {which} is not one of them", file=sys.stderr)
        return None
    return receipts[index]
