"""The bagging area at a self-checkout lane: every scanned item must show up on its scale.

Why: the lane cannot see what goes into the bag, but its bagging-area scale can
weigh it. After each scanned item with a known weight (`pos.data.weights`, or the
weight of a weighed line) the lane expects the bagging scale to rise by that
weight, within the item's tolerance plus the lane's (`bagging_tolerance_g`):

- until it does, the lane says "Legg varen i poseområdet" and takes no more scans
  and no payment;
- a weight beyond what was scanned (or one that drops while nothing was taken off
  the sale) is "Uventet vare i poseområdet": the lane pauses and calls an
  attendant (`WaitReason.BAGGING`). Putting the bagging area back to what was
  scanned clears it; an attendant can also accept the weight as it is.

Items without a known weight are not checked unless `bagging_unknown_items` (then
each must add at least `bagging_tolerance_g`). The check runs only while a bagging
scale reports (`ScaleReading` from `bagging_device`), only while a sale is open, and
not while an attendant is signed in; between sales the expected weight follows the
scale (bags taken away).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from devices.scale import ScaleReading
from pos.data.weights import item_weight
from pos.domain.lines import LineKind, SaleLine
from pos.domain.view import SaleView
from pos.lane.board import LaneBoard
from pos.lane.settings import LaneSettings
from pos.lane.state import LaneStep, WaitReason
from pos.lane.texts import T

PLACE_ITEM = T("place_item_bagging_area")
UNEXPECTED_ITEM = T("unexpected_item_bagging_area")
CHECKED_STEPS = (LaneStep.MEMBER, LaneStep.SCANNING, LaneStep.PAYING)
WEIGHED_TOLERANCE_PERMILLE = 20  # a weighed line: 2 % of its weight (or the lane's floor)


@dataclass(frozen=True)
class Expected:
    """What one scanned line should add to the bagging area: at least `low`, at most `high`."""

    line_id: int
    low: int
    high: float


class BaggingArea:
    def __init__(self, board: LaneBoard, settings: LaneSettings) -> None:
        self.board = board
        self.settings = settings
        self.active = False
        """A bagging scale has reported (and the lane checks it)."""
        self.weight_g: int | None = None
        self.baseline_g = 0
        """What the bagging area weighed when everything scanned so far was in place."""
        self.expected: list[Expected] = []
        self._seen_lines: set[int] = set()

    @property
    def blocking(self) -> bool:
        """True while the shopper must bag an item or an unexpected item is in the area."""
        return self.active and self.board.state.bagging != ""

    def refuse_if_blocking(self) -> bool:
        """Tell the shopper again why the lane waits; True if it does."""
        if not self.blocking:
            return False
        unexpected = self.board.state.bagging == "unexpected_item"
        self.board.notice(UNEXPECTED_ITEM if unexpected else PLACE_ITEM,
                          "bagging_unexpected" if unexpected else "bagging_place_item",
                          "error" if unexpected else "info")
        return True

    # -- what the lane hears ----------------------------------------------------------------

    def device_changed(self, connected: bool) -> None:
        """Unplugged: nothing to check against; the lane goes on without (its status bar says)."""
        if not connected and self.active:
            self.active = False
            self.expected.clear()
            self._show("")

    def on_reading(self, reading: ScaleReading) -> None:
        if not self.settings.bagging_check or reading.status != "stable" \
                or reading.weight_g is None:
            return
        self.active = True
        self.weight_g = reading.weight_g
        state = self.board.state
        if state.step not in CHECKED_STEPS or state.attendant_mode:
            self.baseline_g, self.expected = reading.weight_g, []
            return
        self._judge()

    def on_sale(self, sale: SaleView | None) -> None:
        """New item lines are expected in the bagging area; no sale: start afresh."""
        if sale is None:
            self.reset()
            return
        new = [line for line in sale.lines
               if line.line_id not in self._seen_lines and line.active]
        self._seen_lines.update(line.line_id for line in sale.lines)
        if not self.active or self.board.state.attendant_mode:
            return
        expected = [e for line in new if (e := self._expect(line)) is not None]
        if expected:
            self.expected += expected
            self._judge()

    def accept(self) -> None:
        """The attendant accepts the bagging area as it is now."""
        self.baseline_g = self.weight_g if self.weight_g is not None else self.baseline_g
        self.expected.clear()
        self._show("")

    def reset(self) -> None:
        self.baseline_g = self.weight_g if self.weight_g is not None else 0
        self.expected.clear()
        self._seen_lines.clear()
        self._show("")

    # -- judging ------------------------------------------------------------------------------

    def _expect(self, line: SaleLine) -> Expected | None:
        if line.kind is not LineKind.ITEM:
            return None
        floor = self.settings.bagging_tolerance_g
        if line.weight_g is not None:
            spread = max(floor, line.weight_g * WEIGHED_TOLERANCE_PERMILLE // 1000)
            return Expected(line.line_id, line.weight_g - spread, line.weight_g + spread)
        known = item_weight(line.key) if line.key else None
        if known is not None:
            grams = known.grams * line.quantity
            spread = known.tolerance_g * line.quantity + floor
            return Expected(line.line_id, grams - spread, grams + spread)
        if self.settings.bagging_unknown_items:
            return Expected(line.line_id, floor * line.quantity, math.inf)
        return None

    def _judge(self) -> None:
        if self.weight_g is None:
            return
        delta = self.weight_g - self.baseline_g
        low = sum(e.low for e in self.expected)
        high = sum(e.high for e in self.expected) if self.expected else 0
        floor = self.settings.bagging_tolerance_g
        if self.expected and low <= delta <= high:
            self.baseline_g, self.expected = self.weight_g, []
            self._show("")
        elif delta > high + (0 if self.expected else floor) or delta < -floor:
            self._show("unexpected_item")
        elif self.expected:
            self._show("place_item")
        else:
            self._show("")

    def _show(self, bagging: str) -> None:
        """Tell the shopper once per change; an unexpected item calls the attendant."""
        before = self.board.state.bagging
        if bagging == before:
            return
        self.board.set(bagging=bagging)
        if bagging == "unexpected_item":
            self.board.wait(WaitReason.BAGGING)
        elif before == "unexpected_item":
            self.board.unwait(WaitReason.BAGGING)
        if bagging:
            self.refuse_if_blocking()
