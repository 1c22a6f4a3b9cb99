"""The app each worker process builds when `pos-backend serve --workers N` runs.

Why a factory read from the environment: uvicorn starts workers as fresh processes
that import the app by name, so nothing can be handed over in memory. `serve` puts
the settings it resolved (database URL, dev mode, config file) in the environment
before it starts them; each worker opens its own `Backend` (engine and pool) on the
shared database and closes it when it stops.

A worker also exits when its supervisor is gone (killed with SIGKILL, say): an
orphaned worker would keep the port and answer from a service that is down.
"""

from __future__ import annotations

import os
import threading

from fastapi import FastAPI

from backend_stub.core.app import create_app
from backend_stub.core.context import Backend
from backend_stub.core.settings import load_settings

PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent: int) -> None:
    stop = threading.Event()
    while not stop.wait(PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            os._exit(1)


def create_app_from_environment() -> FastAPI:
    """A worker's app: settings from POS_BACKEND_*, its own connections, no migration."""
    backend = Backend.open(load_settings())
    watcher = threading.Thread(
        target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True
    )
    watcher.start()
    return create_app(backend, owns_backend=True)
