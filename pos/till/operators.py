"""Who may work the till: operator id, name and PIN (kept as a salted hash).

A real chain gets operators from its back office; the simulator reads them from
a small TOML file (`[[operator]] id = "1", name = "Kari Kasse", pin = "1234"`)
or uses the demo operators below. PINs are never kept or logged in clear once
loaded, and a wrong PIN says only that the login failed (not which part).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pos.domain.texts import DomainError
from pos.till.texts import T

DEMO_OPERATORS = (("1", "Kari Kasse", "1234"), ("2", "Ola Opplæring", "2222"))
"""Demo operators: id 1 / PIN 1234 and id 2 / PIN 2222 (documented in docs/till.md)."""


class LoginFailed(DomainError):
    code = "login_failed"


@dataclass(frozen=True)
class Operator:
    operator_id: str
    name: str
    _salt: bytes
    _pin_hash: bytes

    def check_pin(self, pin: str) -> bool:
        return hmac.compare_digest(_hash(pin, self._salt), self._pin_hash)

    def __repr__(self) -> str:
        return f"Operator({self.operator_id!r}, {self.name!r})"


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, 1000)


def make_operator(operator_id: str, name: str, pin: str) -> Operator:
    if not (operator_id and operator_id.isdigit()):
        raise ValueError(f"operator id must be digits, not {operator_id!r}")
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValueError(f"operator {operator_id}: a PIN is 4 to 8 digits")
    salt = os.urandom(16)
    return Operator(operator_id, name, salt, _hash(pin, salt))


class Operators:
    def __init__(self, operators: list[Operator]) -> None:
        self._by_id = {op.operator_id: op for op in operators}

    @classmethod
    def demo(cls) -> Operators:
        return cls([make_operator(*entry) for entry in DEMO_OPERATORS])

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> Operators:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        entries = data.get("operator", [])
        return cls([make_operator(str(e["id"]), str(e.get("name", "")), str(e["pin"]))
                    for e in entries])

    def get(self, operator_id: str) -> Operator | None:
        return self._by_id.get(operator_id)

    def authenticate(self, operator_id: str, pin: str) -> Operator:
        operator = self._by_id.get(operator_id.strip())
        if operator is None or not operator.check_pin(pin.strip()):
            raise LoginFailed(T("wrong_operator_id_pin"))
        return operator
