""""1 vare", not "1 varer": the lane and the handheld count items with the noun that fits."""

from __future__ import annotations

import pytest

from pos.faces.handheld.texts import count_items as handheld_count
from pos.faces.lane.texts import count_items as lane_count


@pytest.mark.parametrize("count_items", [lane_count, handheld_count])
def test_one_item_is_singular_and_more_are_plural(count_items):
    assert count_items(1, "nb") == "1 vare" and count_items(1, "en") == "1 item"
    assert count_items(2, "nb") == "2 varer" and count_items(0, "en") == "0 items"
