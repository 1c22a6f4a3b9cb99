"""Weighing at the till: a kg item entered by PLU, name or GTIN is weighed by the scale.

Why the scale and not the cashier: loose produce sold by weight must be weighed on a
legal-for-trade scale. When a by-weight product is entered and the till has a
scale (`ScalePort`, the hub's device named "scale"), the till sends the scale the
price per kg and the product's tare (`pos.data.weights`), tells the cashier to put
the item on it, and waits for the scale's one final reading:

- `stable`: the line is added with the certified net weight, but only at or above
  the minimum weight, and only if the scale's own price (per kg × weight, half up)
  is the till's; the line carries the weight and the price per kg, so the journal
  (`sale.line_added`: `weight_g` and the product's `price_ore` per kg) and the
  receipt (`0,742 kg x 34,90/kg`) show both;
- anything else (still moving after the scale's timeout, nothing or too little on
  it, under zero, overloaded, not moved since the last weighing, no answer) is
  refused with the reason and no line.

While the scale says the load is moving the cashier sees "Venter på stabil vekt"
(a `Notice` with code `scale_unstable`). Without a scale, or while it is
unplugged, the cashier types the weight as before (`WeightNeeded`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from devices.scale import ScaleReading
from pos.data.weights import tare_g
from pos.domain.money import format_money
from pos.domain.product import Product
from pos.domain.rounding import div_round_half_up
from pos.domain.texts import Text
from pos.till.commands import TillError, command
from pos.till.ports import ScalePort
from pos.till.session import TillSession
from pos.till.texts import T

MIN_WEIGHT_G = 40
"""The smallest weight the till sells (Min of a 15 kg class III retail scale, e = 2 g)."""
TILL_SCALE = "scale"

REFUSED: dict[str, Text] = {
    "unstable": T("scale_no_stable_weight"),
    "below_minimum": T("scale_below_minimum", minimum=MIN_WEIGHT_G),
    "under_zero": T("scale_under_zero"),
    "overload": T("scale_overloaded"),
    "not_moved": T("scale_not_moved"),
    "no_answer": T("scale_no_answer"),
    "refused": T("scale_refused"),
    "cancelled": T("scale_cancelled"),
}


def scale_of(hub: object, device: str = TILL_SCALE) -> ScalePort | None:
    """The hub's scale called `device`, or None (no hub, a hub without scales, none so named)."""
    finder = getattr(hub, "scale", None)
    if finder is None:
        return None
    try:
        return finder(device)
    except Exception:  # UnknownDevice, or a stand-in hub that has no scales
        return None


@dataclass(frozen=True)
class _Pending:
    request_id: str
    product: Product


class Weighing:
    def __init__(self, session: TillSession, *, scale: ScalePort | None,
                 add_weighed: Callable[[str, int], bool]) -> None:
        self.session = session
        self.scale = scale
        self._add_weighed = add_weighed
        self.pending: _Pending | None = None

    def weigh(self, product: Product) -> bool:
        """Ask the scale for `product`'s weight; False: no scale here, the cashier types it."""
        scale = self.scale
        if scale is None:
            return False
        if not scale.connected:
            self.session.notice("warning", T("scale_not_connected_type_weight"), "scale_offline")
            return False
        if self.pending is not None:
            raise TillError(T("scale_busy", name=self.pending.product.name))
        request_id = uuid.uuid4().hex
        try:
            scale.weigh(product.price_ore, tare_g=tare_g(product.key), request_id=request_id)
        except Exception:  # unplugged this instant, or a price the scale cannot carry
            self.session.notice("warning", T("scale_not_connected_type_weight"),
                                "scale_offline")
            return False
        self.pending = _Pending(request_id, product)
        self.session.notice("info", T("scale_place_item", name=product.name), "scale_weighing")
        return True

    def cancel(self) -> bool:
        """Stop waiting for the scale (the cashier took the item off)."""
        if self.pending is None or self.scale is None:
            return False
        return self.scale.cancel()

    @command
    def on_reading(self, reading: ScaleReading) -> None:
        """A reading from the scale, on the engine's thread; others' readings are ignored."""
        pending = self.pending
        if pending is None or reading.request_id != pending.request_id:
            return
        if not reading.final:
            self.session.notice("info", T("scale_waiting_stable", name=pending.product.name),
                                "scale_unstable")
            return
        self.pending = None
        if reading.status != "stable" or reading.weight_g is None:
            text = REFUSED.get(reading.status, REFUSED["refused"])
            raise TillError(text)
        self._record(pending.product, reading, reading.weight_g)

    def _record(self, product: Product, reading: ScaleReading, weight_g: int) -> None:
        if weight_g < MIN_WEIGHT_G:
            raise TillError(REFUSED["below_minimum"])
        ours = div_round_half_up(product.price_ore * weight_g, 1000)
        if (reading.unit_price_ore, reading.price_ore) != (product.price_ore, ours):
            raise TillError(T("scale_price_mismatch", name=product.name))
        if self._add_weighed(product.key, weight_g):
            self.session.notice("info", T(
                "scale_weighed", name=product.name, kg=_kilos(weight_g),
                per_kg=_money(product.price_ore), amount=_money(ours)), "scale_weighed")

    def handles(self, event: object) -> bool:
        """True for a scale reading (taken here); other device events go on."""
        if isinstance(event, ScaleReading):
            self.on_reading(event)
            return True
        return False


def _kilos(weight_g: int) -> Text:
    kilos, grams = divmod(weight_g, 1000)
    return Text.literal(f"{kilos},{grams:03d}", f"{kilos}.{grams:03d}")


def _money(amount_ore: int) -> Text:
    return Text.literal(format_money(amount_ore, "nb"), format_money(amount_ore, "en"))
