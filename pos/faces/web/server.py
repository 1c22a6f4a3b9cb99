"""A face served to the browser: `python -m pos.faces.web.server FACE STORE_FILE --port N`.

textual-serve (aiohttp) serves the page and, for each browser tab, starts
`python -m pos.faces.web.tab FACE STORE_FILE` and relays the terminal over a
websocket to xterm.js. The port is fixed (the demo picks 8701–8703): a port
that is taken is a clear error at start, never a silent move to another.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys

from pos.faces.web.store_file import FACES, StoreLayout
from pos.faces.web.tab import die_with_parent
from pos.faces.web.texts import t

TITLES = {"till": "title_till", "lane": "title_lane", "handheld": "title_handheld"}


def tab_command(face: str, store_file: str) -> str:
    """The shell command textual-serve runs per tab (`exec`: no shell left in between)."""
    return "exec " + shlex.join([sys.executable, "-m", "pos.faces.web.tab", face, store_file])


def port_taken(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos.faces.web.server")
    parser.add_argument("face", choices=FACES)
    parser.add_argument("store_file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    die_with_parent()
    if port_taken(args.host, args.port):
        print(f"port {args.port} on {args.host} is taken: stop what uses it "
              f"(`ss -ltnp 'sport = :{args.port}'` shows it) or choose other ports",
              file=sys.stderr)
        return 3
    from textual_serve.server import Server

    server = Server(tab_command(args.face, args.store_file), host=args.host, port=args.port,
                    title=t(TITLES[args.face], StoreLayout.read(args.store_file).lang),
                    public_url=f"http://{args.host}:{args.port}")
    server.serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
