"""One browser tab's app process: `python -m pos.faces.web.tab FACE STORE_FILE`.

textual-serve starts this once per browser tab (its web driver on stdin and
stdout). It builds the face from the demo's store file, after taking the face's
lock: a second tab of the same face gets `BusyApp`'s clear message and opens no
port and no journal. The lock is an `flock` on a file in the face's data
directory, so it goes with the process however the process ends.

The process also dies with its server (PR_SET_PDEATHSIG): quitting the demo
leaves no app behind, even when the server itself is killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
import sys
from pathlib import Path
from typing import IO, Any

from pos.faces.web.store_file import FACES, FaceLayout, StoreLayout

PR_SET_PDEATHSIG = 1
LOCK_NAME = "face.lock"


def die_with_parent() -> None:
    """Get SIGTERM when the parent process dies (Linux; elsewhere a no-op)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def take_face_lock(data_dir: Path) -> IO[str] | None:
    """The face's lock file, held open, or None when another process holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / LOCK_NAME).open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def face_config(store: StoreLayout, face: FaceLayout, *, mode: str = "normal") -> Any:
    from pos.config import TillConfig

    return TillConfig(ports=Path(face.ports), backend=store.backend,
                      terminal_key_file=Path(face.terminal_key_file), store=store.store,
                      register=face.register, data_dir=Path(face.data_dir), lang=store.lang,
                      mode=mode)


def face_hub(config: Any, face: FaceLayout) -> Any:
    from pos.faces.lane.launch import device_hub

    return device_hub(config, only=face.only, without=face.without)


def build_face(name: str, store: StoreLayout) -> Any:
    """The face's app on its own ports, journal and key (as `pos --mode …` would build it)."""
    face = store.faces[name]
    if name == "till":
        from pos.faces.cashier.launch import build_app

        config = face_config(store, face, mode="demo")
        return build_app(config, rig_socket=face.rig_socket, demo_file=store.demo_file,
                         hub=face_hub(config, face))
    from pos.faces.lane.launch import build_handheld_app, build_lane_app
    from pos.lane.settings import load_lane_settings

    config = face_config(store, face)
    settings = load_lane_settings(face.lane_config)
    if name == "lane":
        return build_lane_app(config, settings, hub=face_hub(config, face))
    app = build_handheld_app(config, settings, hub=face_hub(config, face))
    if face.code_file:
        note_checkout_codes(app, Path(face.code_file))
    return app


def note_checkout_codes(app: Any, path: Path) -> None:
    """Keep the handheld's current checkout code in `path` (gone when there is none).

    The code is what the shopper shows the lane; the demo's rig reads it from
    here to scan it at the lane ("scan the handheld's code at the lane"). It taps
    the bridge's listener: what the handheld reports still reaches the screen.
    """
    from pos.handheld.handheld import HandheldChanged

    publish = app.bridge.publish

    def publish_and_note(event: Any) -> None:
        if isinstance(event, HandheldChanged):
            write_code(path, event.state.checkout_code)
        publish(event)

    app.bridge.publish = publish_and_note


def write_code(path: Path, code: str | None) -> None:
    if code is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    tmp = path.with_suffix(".tmp")
    tmp.write_text(code + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] not in FACES:
        print(f"usage: python -m pos.faces.web.tab {{{','.join(FACES)}}} STORE_FILE",
              file=sys.stderr)
        return 2
    die_with_parent()
    name, store = args[0], StoreLayout.read(args[1])
    lock = take_face_lock(Path(store.faces[name].data_dir))
    if lock is None:
        from pos.faces.web.busy import BusyApp

        BusyApp(name, store.lang).run()
        return 0
    try:
        app = build_face(name, store)
        app.run()
        return app.return_code or 0
    finally:
        lock.close()


if __name__ == "__main__":
    raise SystemExit(main())
