"""`make demo`: the whole store, in this terminal and the browser.

    python -m pos.demo                 # what `make demo` runs
    python -m pos.demo --fresh         # start from an empty var/demo
    python -m pos.demo --till web      # the till in the browser too (nothing takes the terminal)
    python -m pos.demo --port-base 9700   # backend on 9700, lane 9701, handheld 9702, till 9703

What it starts, on a fresh machine:
1. `pos-backend demo-setup` on SQLite in `var/demo/` (demo members, cards, phones and
   the till's terminal key in `demo.json`; a second key for the lane and handheld),
   then `pos-backend serve` in dev mode on 127.0.0.1:8700;
2. two virtual rigs (`pos-devices up`): the till's in `var/demo/rig/` (scanner,
   handheld, card readers, terminal, printer) and the lane's in `var/demo/lane-rig/`;
3. the lane (port 8701) and the handheld (8702) as web pages (textual-serve; each tab
   is its own app process); their URLs are printed, written to `var/demo/urls.json`
   and shown in the till's device panel (F12);
4. the till in this terminal in demo mode, logged in from its login screen.

Quitting the till stops the rest, and so do Ctrl-C and a crash: every child is in its
own process group, stopped in `finally`, and also gets SIGTERM from the kernel if this
process dies without cleaning up (PR_SET_PDEATHSIG). The children log to `var/demo/*.log`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
from pathlib import Path

from pos.demo import parts
from pos.demo.children import Children, DemoError
from pos.faces.web.store_file import STORE_FILE_ENV, FaceLayout, StoreLayout

DEMO_DIR = Path("var/demo")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pos.demo",
                                     description="the whole demo store from one command")
    parser.add_argument("--dir", default=str(DEMO_DIR), help="where the demo keeps its state")
    parser.add_argument("--fresh", action="store_true", help="start from an empty demo dir")
    parser.add_argument("--lang", choices=("nb", "en"), default="nb")
    parser.add_argument("--till", choices=("terminal", "web", "none"), default="terminal",
                        help="where the cashier till runs (web: a third page; none: no till)")
    parser.add_argument("--lane-config", help="the lane's and handheld's [lane] TOML "
                                              "(default: the demo settings)")
    parser.add_argument("--port-base", type=int, default=parts.PORT_BASE,
                        help="backend port; the pages use the next three (default 8700)")
    return parser.parse_args(argv)


def layout(base: Path, backend: str, lang: str, urls: dict[str, str | None],
           lane_config: str | None = None) -> StoreLayout:
    """Who uses which rig, journal and key: the till and the handheld share the till's rig
    (each opening only its own ports), the lane has a rig of its own."""
    rig, lane_rig = base / "rig", base / "lane-rig"
    till = FaceLayout(register=parts.TILL_REGISTER, ports=str(rig / "ports.json"),
                      data_dir=str(base / "till"), terminal_key_file=str(base / "terminal.key"),
                      rig_socket=str(rig / "devices.sock"), without=("handheld",))
    lane = FaceLayout(register=parts.LANE_REGISTER, ports=str(lane_rig / "ports.json"),
                      data_dir=str(base / "lane"),
                      terminal_key_file=str(base / "lane" / "terminal.key"),
                      rig_socket=str(lane_rig / "devices.sock"), lane_config=lane_config)
    handheld = FaceLayout(register=parts.LANE_REGISTER, ports=str(rig / "ports.json"),
                          data_dir=str(base / "handheld"),
                          terminal_key_file=str(base / "lane" / "terminal.key"),
                          rig_socket=str(rig / "devices.sock"), only=("handheld",),
                          code_file=str(base / "handheld" / "checkout-code.txt"),
                          lane_config=lane_config)
    return StoreLayout(backend=backend, store=parts.STORE, lang=lang,
                       demo_file=str(base / "demo.json"),
                       faces={"till": till, "lane": lane, "handheld": handheld}, urls=urls)


def start_store(children: Children, base: Path, args: argparse.Namespace) -> StoreLayout:
    """Everything but the terminal till; returns the store's layout once every part answers."""
    web = ("lane", "handheld", "till") if args.till == "web" else ("lane", "handheld")
    port = parts.ports(args.port_base, web)
    parts.check_ports_free(port)
    backend = f"http://127.0.0.1:{port['backend']}"
    urls: dict[str, str | None] = {face: f"http://127.0.0.1:{port[face]}/" for face in web}
    urls.setdefault("till", "terminal" if args.till == "terminal" else None)
    lane_config = str(Path(args.lane_config).absolute()) if args.lane_config else None
    store = layout(base.absolute(), backend, args.lang, urls, lane_config)
    store_file = base.absolute() / "store.json"
    store.write(store_file)
    os.environ[STORE_FILE_ENV] = str(store_file)  # the till's device panel and every tab

    rig = parts.start_rig(children, "rig", base / "rig", parts.TILL_DEVICES)
    lane_rig = parts.start_rig(children, "lane-rig", base / "lane-rig", parts.LANE_DEVICES)
    parts.set_up_backend(children, base, backend)
    server = parts.start_backend(children, base, port["backend"])
    pages = {face: parts.start_web_face(children, face, store_file, port[face]) for face in web}
    checks = {
        "the device rig": (rig, lambda: parts.rig_ready(base / "rig"), children.log("rig")),
        "the lane's device rig": (lane_rig, lambda: parts.rig_ready(base / "lane-rig"),
                                  children.log("lane-rig")),
        "the backend": (server, lambda: parts.answers(backend + "/health"),
                        children.log("backend")),
        **{f"the {face} page": (process, lambda u=urls[face]: parts.answers(u),
                                children.log(f"web-{face}"))
           for face, process in pages.items()},
    }
    parts.wait_all(children, checks)
    (base / "urls.json").write_text(json.dumps(urls, indent=2) + "\n", encoding="utf-8")
    return store


def print_urls(store: StoreLayout, base: Path) -> None:
    print("The store is open:", flush=True)
    print(f"  member backend   {store.backend}/docs", flush=True)
    for face, label in (("lane", "self-checkout"), ("handheld", "ShopExpress"), ("till", "till")):
        url = store.urls.get(face)
        if url and url.startswith("http"):
            print(f"  {label:<16} {url}", flush=True)
    print(f"  (also in {base}/urls.json and the till's device panel, F12)", flush=True)


def run_till(store: StoreLayout) -> int:
    from pos.faces.web.tab import build_face, take_face_lock

    lock = take_face_lock(Path(store.faces["till"].data_dir))
    if lock is None:
        raise DemoError("the till is already open (another demo in this directory?)")
    try:
        app = build_face("till", store)
        app.run()
        return app.return_code or 0
    finally:
        lock.close()


def wait_for_signal() -> int:
    """`--till web|none`: run until Ctrl-C or SIGTERM."""
    print("Ctrl-C stops the store.", flush=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    base = Path(args.dir)
    if args.fresh and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    (base / "urls.json").unlink(missing_ok=True)
    children = Children(base)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"Starting the member backend, the devices and the web faces (logs in {base}/) …",
          flush=True)
    try:
        store = start_store(children, base, args)
        print_urls(store, base)
        return run_till(store) if args.till == "terminal" else wait_for_signal()
    except DemoError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        children.stop()
        (base / "urls.json").unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
