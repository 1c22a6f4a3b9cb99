"""Scenario files: the documented example parses; every mistake names its step."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.errors import ConfigError
from devices.rig.scenario import Step, load_scenario, parse_scenario

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "scenarios" / "example.toml"


def test_the_documented_example_parses():
    scenario = load_scenario(EXAMPLE)
    actions = [step.action for step in scenario.steps]
    assert actions[0] == "card" and "unplug" in actions and actions[-1] == "wait_receipt"
    assert scenario.steps[0].options == {"as": "msr"}
    assert scenario.steps[1] == Step(1.0, "scan", "7038010000706", {})


def test_a_step_with_only_a_delay_is_a_pause():
    scenario = parse_scenario("[[step]]\ndelay = 2\n")
    assert scenario.steps == (Step(2.0, None),)
    assert scenario.steps[0].describe() == "pause 2 s"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = 1\n[[step]]\nscan='1'", "name must be text"),
        ("", "at least one"),
        ("[[step]]\nscan = '1'\npay = 'approve'", "step 1: one action per step"),
        ("[[step]]\nscan = '1'\n[[step]]\nscna = '1'", "step 2: unknown key"),
        ("[[step]]\nscan = 5", "step 1: scan needs a non-empty str"),
        ("[[step]]\nscan = ''", "non-empty"),
        ("[[step]]\ndelay = -1\nscan = '1'", "delay must be"),
        ("[[step]]\nnoise = 'scanner'\nbytes = 'many'", "bytes must be a int"),
        ("[[step]]\ncard = '1'\ncorrupt = 'yes'", "corrupt must be a bool"),
        ("[[step]]\ncount = 3\nscan = '1'\naim = ']E0'\nas = 'msr'", "unknown key"),
        ("[[step]\nscan = '1'", "not valid TOML"),
        ("extra = 1\n[[step]]\nscan='1'", "unknown top-level"),
    ],
)
def test_mistakes_are_config_errors_that_say_where(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_scenario(text)


values = st.one_of(
    st.text(max_size=5), st.integers(-5, 5), st.floats(allow_nan=False), st.booleans()
)
steps = st.dictionaries(
    st.sampled_from(["delay", "scan", "card", "pay", "noise", "unplug", "aim", "as", "bytes", "x"]),
    values,
    max_size=4,
)


@given(raw=st.lists(steps, max_size=5), name=values)
def test_any_structure_gives_a_scenario_or_a_config_error(raw, name):
    import tomllib

    lines = [f"name = {_toml(name)}"]
    for step in raw:
        lines.append("[[step]]")
        lines += [f"{key} = {_toml(value)}" for key, value in step.items()]
    text = "\n".join(lines)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    try:
        scenario = parse_scenario(text)
    except ConfigError:
        return
    assert all(step.delay >= 0 for step in scenario.steps)


def _toml(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return repr(value)
