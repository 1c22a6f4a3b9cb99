"""Loose produce weighed by the till's scale: a certified weight becomes the line, nothing else.

The scale here is a stand-in that records what the till asked and lets the test
answer with the readings the real driver emits (tests/functional/till has the real
scale over a pty).
"""

from __future__ import annotations

import pytest

from devices.errors import DeviceNotConnected
from devices.scale import ScaleReading, price_to_pay
from pos.data import demo_products as demo
from pos.data.weights import tare_g
from pos.journal import EventType
from pos.till import Notice, ReceiptReady, WeightNeeded


class StandInScale:
    def __init__(self):
        self.connected = True
        self.asked: list[tuple[int, int | None, str]] = []
        self.cancelled = 0

    def weigh(self, unit_price_ore, *, tare_g=None, request_id=None):
        if not self.connected:
            raise DeviceNotConnected("scale is disconnected")
        self.asked.append((unit_price_ore, tare_g, request_id))
        return request_id

    def cancel(self):
        self.cancelled += 1
        return True


class HubWithScale:
    def __init__(self, scale):
        self._scale = scale

    def scale(self, device=None):
        return self._scale

    def states(self):
        return {}


@pytest.fixture
def weighing(make_till):
    scale = StandInScale()
    till, events = make_till(hub=HubWithScale(scale))
    till.login("1", "1234")
    return till, events, scale


def reading(scale, status="stable", weight_g=None, final=True, price_per_kg=None):
    price_per_kg, _, request_id = scale.asked[-1]
    price = price_to_pay(weight_g, price_per_kg) if weight_g is not None else None
    return ScaleReading("scale", status, weight_g, price_per_kg if weight_g else None, price,
                        request_id, final)


async def test_a_plu_asks_the_scale_and_the_stable_weight_becomes_the_line(weighing):
    till, events, scale = weighing
    await till.enter_code(demo.BANANAS_PLU)
    bananas = till.catalog.by_plu(demo.BANANAS_PLU)
    assert scale.asked[-1][:2] == (bananas.price_ore, None)
    assert events.of(WeightNeeded) == [] and till.sale is None
    assert events.last(Notice).text.nb.startswith("Legg Bananer løsvekt på vekten")
    await till.handle_device_event(reading(scale, "unstable", final=False))
    waiting = events.last(Notice)
    assert waiting.code == "scale_unstable" and "stabil vekt" in waiting.text.nb
    await till.handle_device_event(reading(scale, weight_g=742))
    line = till.sale.lines[0]
    assert (line.weight_g, line.unit_price_ore) == (742, bananas.price_ore)
    assert line.amount_ore == price_to_pay(742, bananas.price_ore)
    done = events.last(Notice)
    assert done.code == "scale_weighed" and "0,742 kg à kr 24,90/kg" in done.text.nb
    assert "0.742 kg at NOK 24.90/kg" in done.text.en


async def test_the_journal_and_the_receipt_carry_kg_and_price_per_kg(weighing):
    till, events, scale = weighing
    await till.enter_code(demo.BANANAS_PLU)
    await till.handle_device_event(reading(scale, weight_g=742))
    added = [e for e in till.journal.entries(sale_id=till.sale.sale_id)
             if e.type == EventType.LINE_ADDED][-1]
    operation = added.payload["op"]
    assert operation["weight_g"] == 742
    assert (operation["product"]["price_ore"], operation["product"]["unit"]) == (2490, "kg")
    till.pay_cash(2000)
    assert "0,742 kg x 24,90/kg" in events.last(ReceiptReady).text


@pytest.mark.parametrize("status, words", [
    ("below_minimum", "For lav vekt"), ("under_zero", "under null"),
    ("overload", "overbelastet"), ("not_moved", "ikke flyttet"), ("unstable", "ikke stabil"),
    ("no_answer", "svarer ikke"),
])
async def test_no_certified_weight_no_line_and_the_reason(weighing, status, words):
    till, events, scale = weighing
    await till.enter_code(demo.BANANAS_PLU)
    await till.handle_device_event(reading(scale, status))
    assert till.sale is None
    refusal = events.last(Notice)
    assert refusal.level == "error" and words in refusal.text.nb
    await till.enter_code(demo.BANANAS_PLU)  # the next try is a new request
    assert len(scale.asked) == 2 and scale.asked[0][2] != scale.asked[1][2]


async def test_a_weight_under_the_minimum_or_a_wrong_price_is_refused(weighing):
    till, events, scale = weighing
    await till.enter_code(demo.BANANAS_PLU)
    await till.handle_device_event(reading(scale, weight_g=12))
    assert till.sale is None and "For lav vekt" in events.last(Notice).text.nb
    await till.enter_code(demo.BANANAS_PLU)
    price_per_kg, _, request_id = scale.asked[-1]
    wrong = ScaleReading("scale", "stable", 742, price_per_kg, 1, request_id)
    await till.handle_device_event(wrong)
    assert till.sale is None and "stemmer ikke" in events.last(Notice).text.nb


async def test_the_products_tare_goes_to_the_scale(weighing):
    till, _, scale = weighing
    till.add_product(demo.CHEESE_BY_WEIGHT)
    assert scale.asked[-1][1] == tare_g(demo.CHEESE_BY_WEIGHT) == 6


async def test_readings_of_other_requests_or_devices_change_nothing(weighing):
    till, events, scale = weighing
    await till.enter_code(demo.BANANAS_PLU)
    await till.handle_device_event(ScaleReading("bagging", "stable", 900, 0, 0, None))
    await till.handle_device_event(ScaleReading("scale", "stable", 900, 2490, 2241, "old"))
    assert till.sale is None
    await till.enter_code(demo.BANANAS_PLU)
    assert "allerede" in events.last(Notice).text.nb  # one weighing at a time
    assert till.weighing.cancel() and scale.cancelled == 1


async def test_an_unplugged_scale_lets_the_cashier_type_the_weight(weighing):
    till, events, scale = weighing
    scale.connected = False
    await till.enter_code(demo.BANANAS_PLU)
    assert events.last(Notice).code == "scale_offline"
    needed = events.last(WeightNeeded)
    assert till.add_weighed(needed.product_key, 628) and till.sale.lines[0].weight_g == 628


async def test_a_till_without_a_scale_asks_for_typed_grams_as_before(till):
    await till.scan(demo.BANANAS)
    assert till.events.last(WeightNeeded).product_key == demo.BANANAS.zfill(14)
    assert till.weighing.scale is None and not till.weighing.cancel()
