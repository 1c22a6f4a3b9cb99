"""`make demo`: the member backend, the virtual device rig and the till, in one command.

    python -m pos.demo            # what `make demo` runs
    python -m pos.demo --fresh    # start from an empty var/demo

What it does, on a fresh machine:
1. `pos-backend demo-setup` on SQLite in `var/demo/` (demo members, cards, phones
   and a terminal key, written to `var/demo/demo.json`), then `pos-backend serve`
   in dev mode on 127.0.0.1 (port 8700, or a free one if that is taken);
2. `pos-devices up` (the virtual rig: scanner, handheld, card readers, payment
   terminal, receipt printer on ptys; ports file `var/demo/rig/ports.json`);
3. the till in this terminal in demo mode (F12: the device panel).

Quitting the till stops the rest, and so do Ctrl-C and a crash: the children
are in their own process group, stopped in `finally`, and also get SIGTERM from
the kernel if this process dies without cleaning up (PR_SET_PDEATHSIG). Nothing
is printed while the till runs; the children log to `var/demo/*.log`.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DEMO_DIR = Path("var/demo")
DEFAULT_PORT = 8700
STORE, REGISTER = "1001", "3"
START_TIMEOUT = 60.0
PR_SET_PDEATHSIG = 1


class DemoError(RuntimeError):
    """A part of the demo did not start; the message says which log to read."""


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the demo process dies (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    if _port_free(DEFAULT_PORT):
        return DEFAULT_PORT
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Children:
    """The demo's child processes; `stop()` ends each one by its own pid, gently first."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.base / f"{name}.log").open("ab")
        process = subprocess.Popen(
            args, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent, start_new_session=True,
        )
        log.close()
        self.processes.append((name, process))
        return process

    def run(self, name: str, args: list[str], env: dict[str, str]) -> None:
        with (self.base / f"{name}.log").open("ab") as log:
            result = subprocess.run(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, timeout=120, check=False)
        if result.returncode != 0:
            raise DemoError(f"{name} failed (exit {result.returncode}); see {self.base}/{name}.log")

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes.clear()


def _wait_for(what: str, ready, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DemoError(f"{what} exited with {process.returncode}; see {log}")
        if ready():
            return
        time.sleep(0.1)
    raise DemoError(f"{what} did not start within {START_TIMEOUT:.0f} s; see {log}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_backend(children: Children, base: Path) -> str:
    """Demo data + terminal key (idempotent), then the server; returns its base URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "POS_BACKEND_DB_URL": f"sqlite:///{(base / 'backend.sqlite3').absolute()}",
           "POS_BACKEND_DEV": "1"}
    env.pop("POS_BACKEND_CONFIG_FILE", None)
    python = sys.executable
    children.run("backend-setup", [python, "-m", "backend_stub", "demo-setup", "--store", STORE,
                                   "--register", REGISTER, "--out", str(base / "demo.json"),
                                   "--base-url", url], env)
    server = children.start("backend", [python, "-m", "backend_stub", "serve", "--host",
                                        "127.0.0.1", "--port", str(port), "--log-level",
                                        "warning"], env)
    _wait_for("the backend", lambda: _healthy(url), server, base / "backend.log")
    return url


def start_rig(children: Children, base: Path) -> Path:
    rig_dir = base / "rig"
    with contextlib.suppress(FileNotFoundError):
        (rig_dir / "ports.json").unlink()
    rig = children.start("rig", [sys.executable, "-m", "devices.cli", "--dir", str(rig_dir), "up"],
                         dict(os.environ))
    _wait_for("the device rig", lambda: (rig_dir / "ports.json").exists()
              and (rig_dir / "devices.sock").exists(), rig, base / "rig.log")
    return rig_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pos.demo", description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=str(DEMO_DIR), help="where the demo keeps its state")
    parser.add_argument("--fresh", action="store_true", help="start from an empty demo dir")
    parser.add_argument("--lang", choices=("nb", "en"), default="nb")
    args = parser.parse_args(argv)
    base = Path(args.dir)
    if args.fresh and base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True, exist_ok=True)
    children = Children(base)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"Starting the member backend and the virtual devices (logs in {base}/) …", flush=True)
    try:
        url = start_backend(children, base)
        rig_dir = start_rig(children, base)
        from pos.config import TillConfig
        from pos.faces.cashier.launch import build_app

        config = TillConfig(ports=rig_dir / "ports.json", backend=url,
                            terminal_key_file=base / "terminal.key", store=STORE,
                            register=REGISTER, data_dir=base / "till", lang=args.lang,
                            mode="demo")
        _write_key(base)
        app = build_app(config, rig_socket=rig_dir / "devices.sock",
                        demo_file=base / "demo.json")
        app.run()
        return app.return_code or 0
    except DemoError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        children.stop()


def _write_key(base: Path) -> None:
    """The terminal key from demo.json into a 0600 file the till reads (not on a command line)."""
    import json

    key = json.loads((base / "demo.json").read_text(encoding="utf-8"))["terminal_key"]
    path = base / "terminal.key"
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(key + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
