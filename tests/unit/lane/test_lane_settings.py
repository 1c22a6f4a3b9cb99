"""Lane settings from TOML: what works, and a named error for everything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.lane.settings import (
    LaneSettings,
    LaneSettingsError,
    lane_settings_from,
    load_lane_settings,
)

GOOD = """
[lane]
cash = true
shopexpress_key = "k-1001"
[lane.audit]
base_rate = 0.1
sample_size = 2
[[lane.attendant]]
id = "9100"
name = "Per Vakt"
pin = "4321"
card = "ANSATT-9100"
"""


def test_a_lane_file_sets_cash_key_audit_and_attendants(tmp_path):
    path = tmp_path / "lane.toml"
    path.write_text(GOOD, encoding="utf-8")
    settings = load_lane_settings(path)
    assert settings.cash and settings.key_bytes == b"k-1001"
    assert settings.audit.base_rate == 0.1 and settings.audit.sample_size == 2
    attendants = settings.build_attendants()
    assert attendants.by_pin("4321").name == "Per Vakt"
    assert attendants.by_card("ANSATT-9100").operator_id == "9100"
    assert attendants.by_card("ANSATT-9001") is None and attendants.by_pin("9999") is None
    assert "4321" not in repr(attendants.operators)


def test_no_file_gives_the_demo_lane_without_cash():
    settings = load_lane_settings(None)
    assert not settings.cash and settings.build_attendants().by_pin("9999") is not None


@pytest.mark.parametrize("data, names", [
    ({"cassh": True}, "cassh"),
    ({"cash": "yes"}, "cash"),
    ({"audit": {"base_rate": 2}}, "lane.audit"),
    ({"audit": {"nonsense": 1}}, "lane.audit"),
    ({"attendant": [{"id": "1"}]}, "lane.attendant"),
    ({"attendant": [{"id": "x1", "pin": "1234"}]}, "lane.attendant"),
    ({"attendant": [{"id": "90", "pin": "1234"}]}, "attendant ids"),
    ({"shopexpress_key": ""}, "shopexpress_key"),
])
def test_bad_settings_name_the_setting(data, names):
    with pytest.raises(LaneSettingsError, match=names):
        settings = lane_settings_from(data)
        settings.build_attendants()


def test_a_broken_file_is_a_lane_settings_error(tmp_path):
    path = tmp_path / "lane.toml"
    path.write_text("[lane\ncash = ", encoding="utf-8")
    with pytest.raises(LaneSettingsError):
        load_lane_settings(path)
    with pytest.raises(LaneSettingsError):
        load_lane_settings(tmp_path / "missing.toml")


JUNK = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=8), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


@given(st.dictionaries(st.sampled_from(["cash", "shopexpress_key", "lane_operator", "audit",
                                        "attendant", "other"]), JUNK, max_size=4))
def test_any_table_is_settings_or_a_named_error(data):
    try:
        settings = lane_settings_from(data)
        settings.build_attendants()
    except LaneSettingsError:
        return
    assert isinstance(settings, LaneSettings)
