"""Each part of the demo store: started, then waited for until it answers.

Ports are fixed so that URLs and the README's commands stay true across
restarts: the backend on BASE (8700), the lane's page on BASE+1, the
handheld's on BASE+2, the till's (with `--till web`) on BASE+3. A port that is
taken is a clear error before anything starts, never a silent move elsewhere.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

from pos.demo.children import Children, DemoError, wait_for

STORE, TILL_REGISTER, LANE_REGISTER = "1001", "3", "4"
PORT_BASE = 8700
WEB_FACES = {"lane": 1, "handheld": 2, "till": 3}
"""Each browser face's port, as an offset from the backend's."""
TILL_DEVICES = "+scale"
"""The cashier's rig: every default device (the customer display and the printer's cash
drawer among them) plus the scale, so loose produce is weighed (panel keys v/e)."""
LANE_DEVICES = "scanner,msr,rfid,nfc,terminal,printer"
"""The lane's rig. Add `bagging` for its bagging-area scale: the lane then checks every
item's weight in the bag ("Legg varen i poseområdet"), which a tester drives with
`pos-devices --dir var/demo/lane-rig bagging set KG` (docs/selfcheckout.md)."""


def ports(base: int, faces: tuple[str, ...]) -> dict[str, int]:
    return {"backend": base, **{face: base + WEB_FACES[face] for face in faces}}


def check_ports_free(wanted: dict[str, int]) -> None:
    taken = [f"{port} ({what})" for what, port in wanted.items() if not port_is_free(port)]
    if taken:
        raise DemoError(
            f"port {', '.join(taken)} is taken on 127.0.0.1: is another demo still running? "
            f"`ss -ltnp` shows who holds it; or start with --port-base N to use N…N+3")


def port_is_free(port: int) -> bool:
    """Nothing listens on `port` at 127.0.0.1 (the demo's check, and the tests' port picker)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def backend_env(base: Path) -> dict[str, str]:
    env = {**os.environ, "POS_BACKEND_DB_URL": f"sqlite:///{(base / 'backend.sqlite3').absolute()}",
           "POS_BACKEND_DEV": "1"}
    env.pop("POS_BACKEND_CONFIG_FILE", None)
    return env


def set_up_backend(children: Children, base: Path, url: str) -> None:
    """Demo data and the till's key (`demo.json`); the lane's own key once per database."""
    env = backend_env(base)
    fresh = not (base / "backend.sqlite3").exists()
    lane_key = base / "lane" / "terminal.key"
    if fresh and lane_key.exists():
        lane_key.unlink()  # a key of a database that is gone
    python = sys.executable
    children.run("backend-setup", [python, "-m", "backend_stub", "demo-setup", "--store", STORE,
                                   "--register", TILL_REGISTER, "--out", str(base / "demo.json"),
                                   "--base-url", url], env)
    demo = json.loads((base / "demo.json").read_text(encoding="utf-8"))
    write_secret(base / "terminal.key", demo["terminal_key"])
    if not lane_key.exists():
        printed = children.run("lane-key", [python, "-m", "backend_stub", "terminals", "add",
                                            "--store", STORE, "--register", LANE_REGISTER,
                                            "--label", "demo lane and handheld"], env)
        write_secret(lane_key, printed.strip().splitlines()[-1].strip())


def write_secret(path: Path, value: str) -> None:
    """A key in a 0600 file the faces read (never on a command line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(value + "\n", encoding="utf-8")


def start_backend(children: Children, base: Path, port: int):
    return children.start("backend", [sys.executable, "-m", "backend_stub", "serve", "--host",
                                      "127.0.0.1", "--port", str(port), "--log-level",
                                      "warning"], backend_env(base))


def start_rig(children: Children, name: str, rig_dir: Path, devices: str | None = None):
    """`pos-devices up` in `rig_dir`; ready when its ports file and socket exist."""
    (rig_dir / "ports.json").unlink(missing_ok=True)
    args = [sys.executable, "-m", "devices.cli", "--dir", str(rig_dir), "up"]
    if devices:
        args += ["--devices", devices]
    return children.start(name, args, dict(os.environ))


def rig_ready(rig_dir: Path) -> bool:
    return (rig_dir / "ports.json").exists() and (rig_dir / "devices.sock").exists()


def start_web_face(children: Children, face: str, store_file: Path, port: int):
    return children.start(f"web-{face}", [sys.executable, "-m", "pos.faces.web.server", face,
                                          str(store_file), "--port", str(port)],
                          dict(os.environ))


def wait_all(children: Children, checks: dict[str, tuple]) -> None:
    """Each started part until it answers (they start side by side; waiting is in turn)."""
    for what, (process, ready, log) in checks.items():
        wait_for(what, ready, process, log)
