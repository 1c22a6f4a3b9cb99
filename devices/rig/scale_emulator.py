"""Emulated retail scale (Dialog 06): what lies on the platter, and the faults a tester injects.

The tester puts a weight on it (`pos-devices scale set 0.742`), makes it wobble
(`--unstable`, or `--settle-ms 500` to come to rest after a while), overloads it
(`--overload`), presses its tare key (`scale tare 0.015`) or makes it deaf
(`scale silent on`: the till's response timeout is tested with it). The scale
answers the till exactly as the Dialog 06 manuals describe (devices.scale): ACK
for a price record it accepts, record 02 when it can certify a weight, NAK and
then record 09 with the reason when it cannot.

Two profiles: the till's weighing scale is legal for trade (a minimum weight of
40 g, 15 kg capacity, and it will not certify the same load twice without
movement: status 21); the lane's bagging-area scale is a plain load cell (no
minimum, 30 kg, weighs as often as asked, unit price 0 accepted).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from devices import scale
from devices.errors import RigError
from devices.rig.emulators import NoisyEmulator


@dataclass(frozen=True)
class ScaleProfile:
    min_weight_g: int
    capacity_g: int
    legal_for_trade: bool


TILL_SCALE = ScaleProfile(min_weight_g=40, capacity_g=15_000, legal_for_trade=True)
BAGGING_SCALE = ScaleProfile(min_weight_g=0, capacity_g=30_000, legal_for_trade=False)
PROFILES = {"request": TILL_SCALE, "watch": BAGGING_SCALE}
LIMIT_G = 1_000_000  # what `set` accepts at all (an overload is a flag or > capacity)


class ScaleEmulator(NoisyEmulator):
    kind = "scale"

    def __init__(self, name, port, settings, rng, profile: ScaleProfile = TILL_SCALE):
        super().__init__(name, port, settings, rng)
        self.profile = profile
        self.gross_g = 0
        self.overload = False
        self.silent = False
        self.scale_tare_g = 0
        self.unstable_until = 0.0
        self.moved = True
        self.unit_price_ore: int | None = None
        self.record_tare_g: int | None = None
        self.last_code = "00"
        self.weighings = 0
        self._reader = scale.RequestReader(name)

    # -- the tester's side (emulator thread, through `call`) ---------------------------------

    def set_weight(self, grams: int, unstable: bool = False, overload: bool = False,
                   settle_ms: int = 0) -> dict[str, Any]:
        if isinstance(grams, bool) or not isinstance(grams, int) or abs(grams) > LIMIT_G:
            raise RigError(f"weight must be whole grams within ±{LIMIT_G}")
        if not 0 <= settle_ms <= 600_000:
            raise RigError("settle_ms is 0 to 600000")
        self.gross_g, self.overload, self.moved = grams, overload, True
        now = time.monotonic()
        self.unstable_until = math.inf if unstable else now + settle_ms / 1000
        return self.status()

    def set_tare(self, grams: int) -> dict[str, Any]:
        if isinstance(grams, bool) or not isinstance(grams, int) or \
                not 0 <= grams <= scale.MAX_TARE_G:
            raise RigError(f"tare must be 0 to {scale.MAX_TARE_G} g")
        self.scale_tare_g = grams
        self.moved = True
        return self.status()

    def set_silent(self, on: bool) -> dict[str, Any]:
        self.silent = bool(on)
        return self.status()

    # -- the till's side ------------------------------------------------------------------------

    def on_input(self, data: bytes) -> None:
        for request in self._reader.feed(data):
            if self.silent or not self.port.plugged:
                continue
            if isinstance(request, scale.SetPrice):
                self._price(request)
            elif isinstance(request, scale.Enquiry):
                self._enquiry()
            elif isinstance(request, scale.StatusRequest):
                self.send(scale.encode_answer(scale.StatusAnswer(self.last_code)))
            elif not isinstance(request, scale.EndOfAnswer):  # a garbled record
                self._refuse("02")

    def _price(self, request: scale.SetPrice) -> None:
        if self.profile.legal_for_trade and request.unit_price_ore == 0:
            self._refuse("11")
            return
        if request.tare_g is not None and request.tare_g >= self.profile.capacity_g:
            self._refuse("12")
            return
        self.unit_price_ore, self.record_tare_g = request.unit_price_ore, request.tare_g
        self.last_code = "00"
        self.send(scale.encode_answer(scale.Ack()))

    def _refuse(self, code: str) -> None:
        self.last_code = code
        self.send(scale.encode_answer(scale.Nak()))

    @property
    def net_g(self) -> int:
        tare = self.record_tare_g if self.record_tare_g is not None else self.scale_tare_g
        return self.gross_g - tare

    def _code_now(self) -> str:
        """Why the scale cannot certify a weight now ("00": it can)."""
        profile, net = self.profile, self.net_g
        if self.overload or self.gross_g > profile.capacity_g:
            return "32"
        if time.monotonic() < self.unstable_until:
            return "20"
        if net < 0:
            return "31"
        if net < profile.min_weight_g or (profile.legal_for_trade and net == 0):
            return "30"
        if profile.legal_for_trade and not self.moved:
            return "21"
        if self.unit_price_ore is None or net > scale.MAX_WEIGHT_G:
            return "01"
        if scale.price_to_pay(net, self.unit_price_ore) > scale.MAX_PRICE_ORE:
            return "11"
        return "00"

    def _enquiry(self) -> None:
        code = self._code_now()
        if code != "00":
            self._refuse(code)
            return
        assert self.unit_price_ore is not None
        net = self.net_g
        self.last_code = "00"
        if self.profile.legal_for_trade:
            self.moved = False
        self.weighings += 1
        self.send(scale.encode_answer(scale.WeighResult(
            net, self.unit_price_ore, scale.price_to_pay(net, self.unit_price_ore))))

    def on_unplug(self) -> None:
        super().on_unplug()
        self._reader = scale.RequestReader(self.name)

    def status(self) -> dict[str, Any]:
        return {
            **super().status(),
            "gross_g": self.gross_g,
            "net_g": self.net_g,
            "tare_g": self.scale_tare_g,
            "stable": time.monotonic() >= self.unstable_until,
            "overload": self.overload,
            "silent": self.silent,
            "legal_for_trade": self.profile.legal_for_trade,
            "min_weight_g": self.profile.min_weight_g,
            "capacity_g": self.profile.capacity_g,
            "weighings": self.weighings,
            "last_code": self.last_code,
        }
