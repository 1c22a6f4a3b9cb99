"""The rig's control socket: JSON lines over a Unix-domain socket, owner-only (0600).

Request:  {"op": "scan", "args": {"data": "7038010000706", "aim": "]E0"}}
Response: {"ok": true, "result": {...}}  or  {"ok": false, "error": "…", "type": "RigError"}

One request per line; a connection may send several. The socket is bound under a
temporary name, chmod 0600, then renamed into place, so there is no moment when
another user could connect to it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socketserver
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devices.errors import DeviceError, RigError

log = logging.getLogger(__name__)
MAX_REQUEST = 1 << 20
SUN_PATH_MAX = 107  # bytes in sockaddr_un.sun_path, minus the terminating NUL


def check_socket_path(path: Path) -> None:
    if len(os.fsencode(str(path))) + 16 > SUN_PATH_MAX:  # room for the temporary name
        raise RigError(
            f"control socket path {path} is too long for a Unix socket "
            f"({SUN_PATH_MAX} bytes); use a shorter --dir"
        )


def handle_request(dispatch: Callable[[str, dict[str, Any]], Any], line: bytes) -> dict[str, Any]:
    """One JSON request line → the response object; never raises."""
    try:
        request = json.loads(line)
        if not isinstance(request, dict) or not isinstance(request.get("op"), str):
            raise RigError('a request is {"op": "…", "args": {…}}')
        args = request.get("args") or {}
        if not isinstance(args, dict):
            raise RigError("args must be an object")
        return {"ok": True, "result": dispatch(request["op"], args)}
    except json.JSONDecodeError as exc:
        return {"ok": False, "error": f"not JSON: {exc.msg}", "type": "RigError"}
    except (DeviceError, ValueError, TypeError) as exc:
        return {"ok": False, "error": str(exc), "type": type(exc).__name__}
    except Exception as exc:  # a bug in the rig must not kill the control socket
        log.exception("control request failed")
        return {"ok": False, "error": f"internal error: {exc!r}", "type": "InternalError"}


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        while True:
            line = self.rfile.readline(MAX_REQUEST)
            if not line:
                return
            if not line.strip():
                continue
            response = handle_request(self.server.dispatch, line)  # type: ignore[attr-defined]
            self.wfile.write(json.dumps(response).encode("utf-8") + b"\n")
            self.wfile.flush()


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, dispatch: Callable[[str, dict[str, Any]], Any]) -> None:
        self.dispatch = dispatch
        self.final_path = path
        super().__init__(str(path), _Handler)

    def server_bind(self) -> None:
        tmp = self.final_path.with_name(f".{self.final_path.name}.{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        self.socket.bind(str(tmp))
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.final_path)
        self.server_address = str(self.final_path)


class ControlServer:
    def __init__(self, path: str | os.PathLike, dispatch: Callable[[str, dict[str, Any]], Any]):
        self.path = Path(path)
        self._dispatch = dispatch
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        check_socket_path(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._server = _Server(self.path, self._dispatch)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="rig-control",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(2.0)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
