"""`RigClient`: drive a running rig from another process (CLI, tests, the till's demo panel).

Same operations as `Rig`, over the control socket (`devices.rig.server`):

    rig = RigClient("var/devices.sock")
    rig.scan("7038010000706")
    rig.scan(payload, aim="]Q1")
    rig.card("9578010000047115", as_="msr")
    rig.pay("approve")
    rig.unplug("scanner"); rig.replug("scanner")
    rig.noise("scanner", 64)
    rig.status(); rig.last_receipt()
    rig.scale_set(742); rig.scale_set(1234, device="bagging"); rig.scale_tare(15)

Every failure is a `RigError` with the rig's own message ("scanner is unplugged; …").
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

from devices.config import default_control_socket
from devices.errors import RigError


class RigClient:
    def __init__(self, socket_path: str | os.PathLike | None = None, *, timeout: float = 10.0):
        self.socket_path = Path(socket_path) if socket_path else default_control_socket()
        self.timeout = timeout

    def call(self, op: str, **args: Any) -> Any:
        request = json.dumps({"op": op, "args": {k: v for k, v in args.items() if v is not None}})
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(self.timeout)
                sock.connect(str(self.socket_path))
                sock.sendall(request.encode("utf-8") + b"\n")
                reply = sock.makefile("rb").readline()
        except (FileNotFoundError, ConnectionRefusedError):
            raise RigError(
                f"no rig answers at {self.socket_path} (start one with `pos-devices up`)"
            ) from None
        except PermissionError:
            raise RigError(
                f"{self.socket_path}: permission denied (the rig belongs to another user)"
            ) from None
        except OSError as exc:
            raise RigError(f"rig control socket {self.socket_path}: {exc}") from None
        if not reply:
            raise RigError("the rig closed the connection without answering")
        try:
            response = json.loads(reply)
        except ValueError:
            raise RigError(f"the rig answered something that is not JSON: {reply[:80]!r}") from None
        if not isinstance(response, dict) or not response.get("ok"):
            if not isinstance(response, dict):
                raise RigError("the rig answered something that is not an object")
            raise RigError(response.get("error", "the rig refused"))
        return response.get("result")

    def scan(
        self, data: str, aim: str | None = None, device: str = "scanner", count: int = 1,
        stall_ms: int = 0,
    ) -> dict:
        extra = {"stall_ms": stall_ms} if stall_ms else {}
        return self.call("scan", data=data, aim=aim, device=device, count=count, **extra)

    def card(
        self, value: str, as_: str = "msr", device: str | None = None, corrupt: bool = False
    ) -> dict:
        return self.call("card", value=value, **{"as": as_}, device=device, corrupt=corrupt)

    def pay(self, outcome: str, device: str = "terminal") -> dict:
        return self.call("pay", outcome=outcome, device=device)

    def unplug(self, device: str) -> dict:
        return self.call("unplug", device=device)

    def replug(self, device: str) -> dict:
        return self.call("replug", device=device)

    def noise(self, device: str, nbytes: int = 64) -> dict:
        return self.call("noise", device=device, nbytes=nbytes)

    def status(self) -> dict:
        return self.call("status")

    def last_receipt(self, device: str = "printer") -> dict:
        return self.call("last_receipt", device=device)

    def drawer(self, action: str = "status", device: str = "printer") -> dict:
        return self.call("drawer", action=action, device=device)

    def display(self, device: str = "display") -> dict:
        return self.call("display", device=device)

    def ping(self) -> dict:
        return self.call("ping")

    def shutdown(self) -> dict:
        return self.call("shutdown")

    def scale_set(self, grams: int, device: str = "scale", unstable: bool = False,
                  overload: bool = False, settle_ms: int = 0) -> dict:
        return self.call("scale_set", grams=grams, device=device, unstable=unstable,
                         overload=overload, settle_ms=settle_ms)

    def scale_tare(self, grams: int, device: str = "scale") -> dict:
        return self.call("scale_tare", grams=grams, device=device)

    def scale_silent(self, on: bool, device: str = "scale") -> dict:
        return self.call("scale_silent", on=on, device=device)
