"""Settings of a self-checkout lane and the ShopExpress handheld (TOML `[lane]`).

Why a file of its own and not `[till]`: the cashier till's settings are
validated strictly (an unknown key is an error), and only a lane needs
attendants, a cash switch, the ShopExpress store key and the audit policy.

    [lane]
    cash = false                   # no cash unless the lane has a cash unit
    shopexpress_key = "…"          # the store's HMAC key for checkout codes (shared with handhelds)
    lane_operator = "90"           # the id the lane's own session is journaled under
    bagging_check = true           # check the bagging area when the lane has a bagging scale
    bagging_device = "bagging"     # its name in the ports file
    bagging_tolerance_g = 20       # what the scale may read off beyond the item's own tolerance
    bagging_unknown_items = false  # false: items without a known weight are not checked;
                                   # true: each must add at least bagging_tolerance_g
    [lane.audit]                   # pos.domain.audit.AuditPolicy fields
    base_rate = 0.05
    sample_size = 3
    [[lane.attendant]]
    id = "9001"
    name = "Anne Assistent"
    pin = "9999"                   # kept only as a salted hash once loaded
    card = "ANSATT-9001"           # what the attendant card's barcode or stripe reads
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pos.domain.audit import AuditPolicy
from pos.till.operators import Operator, make_operator

DEMO_ATTENDANTS = (("9001", "Anne Assistent", "9999", "ANSATT-9001"),)
"""Demo attendant: PIN 9999, card `ANSATT-9001` (documented in docs/selfcheckout.md)."""
DEMO_SHOPEXPRESS_KEY = "demo-shopexpress-key-1001"


class LaneSettingsError(ValueError):
    """A lane setting that cannot work; the message names it."""


class Attendants:
    """Who may approve at a lane: by attendant card or by PIN alone (the lane has a PIN pad).

    Cards and PINs are kept only as salted hashes, like operators' PINs.
    """

    def __init__(self, entries: tuple[tuple[str, str, str, str], ...]) -> None:
        self._salt = os.urandom(16)
        self._operators: list[Operator] = []
        self._cards: dict[bytes, Operator] = {}
        for attendant_id, name, pin, card in entries:
            operator = make_operator(attendant_id, name, pin)
            self._operators.append(operator)
            if card:
                self._cards[self._card_hash(card)] = operator

    def _card_hash(self, card: str) -> bytes:
        return hmac.new(self._salt, card.strip().encode("utf-8"), hashlib.sha256).digest()

    def by_card(self, text: str | None) -> Operator | None:
        if not text:
            return None
        return self._cards.get(self._card_hash(text))

    def by_pin(self, pin: str) -> Operator | None:
        pin = pin.strip()
        return next((op for op in self._operators if op.check_pin(pin)), None)

    def get(self, attendant_id: str) -> Operator | None:
        return next((op for op in self._operators if op.operator_id == attendant_id), None)

    @property
    def operators(self) -> tuple[Operator, ...]:
        return tuple(self._operators)


@dataclass(frozen=True)
class LaneSettings:
    cash: bool = False
    shopexpress_key: str = DEMO_SHOPEXPRESS_KEY
    lane_operator: str = "90"
    lane_operator_name: str = "Selvbetjening"
    audit: AuditPolicy = field(default_factory=AuditPolicy)
    attendants: tuple[tuple[str, str, str, str], ...] = DEMO_ATTENDANTS
    bagging_check: bool = True
    bagging_device: str = "bagging"
    bagging_tolerance_g: int = 20
    bagging_unknown_items: bool = False

    def __post_init__(self) -> None:
        if not self.shopexpress_key:
            raise LaneSettingsError("lane: shopexpress_key must not be empty")
        if not self.lane_operator.isdigit():
            raise LaneSettingsError("lane: lane_operator must be digits")
        if not self.attendants:
            raise LaneSettingsError("lane: at least one [[lane.attendant]] is needed")
        ids = [a[0] for a in self.attendants]
        if self.lane_operator in ids or len(set(ids)) != len(ids):
            raise LaneSettingsError("lane: attendant ids must be unique and not the lane's")
        tolerance = self.bagging_tolerance_g
        if isinstance(tolerance, bool) or not isinstance(tolerance, int) or \
                not 0 <= tolerance <= 5_000:
            raise LaneSettingsError("lane: bagging_tolerance_g is whole grams, 0 to 5000")
        if not self.bagging_device:
            raise LaneSettingsError("lane: bagging_device must name a device")

    @property
    def key_bytes(self) -> bytes:
        return self.shopexpress_key.encode("utf-8")

    def build_attendants(self) -> Attendants:
        try:
            return Attendants(self.attendants)
        except ValueError as exc:
            raise LaneSettingsError(f"lane.attendant: {exc}") from None


def load_lane_settings(path: str | os.PathLike | None) -> LaneSettings:
    """`[lane]` from a TOML file; None gives the demo settings."""
    if path is None:
        return LaneSettings()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("lane", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LaneSettingsError(f"lane settings {path}: {exc}") from None
    return lane_settings_from(data)


def lane_settings_from(data: dict[str, Any]) -> LaneSettings:
    known = {f.name for f in fields(LaneSettings)} - {"attendants", "audit"}
    unknown = set(data) - known - {"attendant", "audit"}
    if unknown:
        raise LaneSettingsError(f"lane: unknown setting(s) {sorted(unknown)}")
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    for flag in ("cash", "bagging_check", "bagging_unknown_items"):
        if not isinstance(values.get(flag, False), bool):
            raise LaneSettingsError(f"lane: {flag} is true or false")
    for name in ("shopexpress_key", "lane_operator", "lane_operator_name", "bagging_device"):
        if name in values:
            values[name] = str(values[name])
    try:
        if "audit" in data:
            values["audit"] = AuditPolicy(**data["audit"])
    except (TypeError, ValueError) as exc:
        raise LaneSettingsError(f"lane.audit: {exc}") from None
    if "attendant" in data:
        try:
            values["attendants"] = tuple(
                (str(a["id"]), str(a.get("name", "")), str(a["pin"]), str(a.get("card", "")))
                for a in data["attendant"])
        except (KeyError, TypeError) as exc:
            raise LaneSettingsError(f"lane.attendant: missing {exc}") from None
    return LaneSettings(**values)
