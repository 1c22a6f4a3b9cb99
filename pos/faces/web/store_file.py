"""The demo store's layout in one JSON file (`var/demo/store.json`), written by `make demo`.

Why a file: each browser tab is a new process started by textual-serve with a
fixed command line, and the cashier's device panel runs in yet another; they all
need the same facts (the backend, each face's ports file, data directory and
key, the rigs' control sockets, the URLs). One file, written once by the demo
before anything starts, is what they share; every path in it is absolute.

    {"backend": "http://127.0.0.1:8700", "store": "1001", "lang": "nb",
     "demo_file": "/…/var/demo/demo.json",
     "faces": {"till": {…}, "lane": {…}, "handheld": {…}},
     "urls": {"lane": "http://127.0.0.1:8701/", "handheld": "…", "till": "…" or null}}
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FACES = ("till", "lane", "handheld")
STORE_FILE_ENV = "POS_STORE_FILE"
"""Set for the till the demo runs, so its device panel finds the store file."""


@dataclass(frozen=True)
class FaceLayout:
    """Where one face's devices, journal and key are."""

    register: str
    ports: str
    data_dir: str
    terminal_key_file: str
    rig_socket: str | None = None
    only: tuple[str, ...] = ()
    """Device names this face opens (empty: all in its ports file but `without`)."""
    without: tuple[str, ...] = ()
    code_file: str | None = None
    """The handheld writes its current checkout code here (the rig reads it for the lane)."""
    lane_config: str | None = None
    """The lane's and handheld's `[lane]` TOML (None: the demo settings)."""


@dataclass(frozen=True)
class StoreLayout:
    backend: str
    store: str
    lang: str
    demo_file: str
    faces: dict[str, FaceLayout]
    urls: dict[str, str | None] = field(default_factory=dict)

    def write(self, path: Path) -> None:
        """Atomically: a tab starting while the demo writes never reads half a file."""
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: str | os.PathLike) -> StoreLayout:
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        faces = {name: FaceLayout(**{**face, "only": tuple(face.get("only", ())),
                                     "without": tuple(face.get("without", ()))})
                 for name, face in data.pop("faces").items()}
        return cls(faces=faces, **data)
