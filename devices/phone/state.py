"""Each phone's state in its own file (`<state dir>/<name>.json`, readable by its owner only).

A phone has a stable device id (sessions are per device), and after login a session
token. Several phones - a member, their family member, a second device - are just
several names.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from devices.phone.errors import PhoneError

_NAME = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


@dataclass
class PhoneState:
    name: str
    device_id: str = ""
    phone: str | None = None
    session_token: str | None = None
    session_id: str | None = None
    login_method: str | None = None
    backend: str | None = None
    extra: dict = field(default_factory=dict)

    def logged_out(self) -> None:
        self.session_token = None
        self.session_id = None
        self.login_method = None


class PhoneStore:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def path(self, name: str) -> Path:
        if not _NAME.match(name):
            raise PhoneError(f"a phone name is 1-40 letters, digits, '.', '_' or '-': {name!r}")
        return self.directory / f"{name}.json"

    def load(self, name: str) -> PhoneState:
        path = self.path(name)
        if not path.exists():
            return PhoneState(name=name, device_id=f"phone-{name}-{secrets.token_hex(4)}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return PhoneState(**data)
        except (ValueError, TypeError) as exc:
            raise PhoneError(f"{path} is damaged ({exc}); delete it to start over") from None

    def save(self, state: PhoneState) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.path(state.name)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")
        os.chmod(temporary, 0o600)  # it holds a session token
        temporary.replace(path)

    def names(self) -> list[str]:
        if not self.directory.exists():
            return []
        return sorted(p.stem for p in self.directory.glob("*.json"))
