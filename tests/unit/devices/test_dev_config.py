"""Ports files and device specs: what the rig writes, the till reads back; bad files say why."""

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.config import (
    DeviceSpec,
    PortSettings,
    default_control_socket,
    default_ports_file,
    load_ports_file,
    parse_ports,
    write_ports_file,
)
from devices.errors import ConfigError


def test_8n1_is_ten_bits_per_byte():
    assert PortSettings(9600).bits_per_byte == 10
    assert PortSettings(9600).wire_time(96) == pytest.approx(0.1)
    assert PortSettings(115200, parity="E", stopbits=2).bits_per_byte == 12


@pytest.mark.parametrize(
    "kwargs", [{"baud": 0}, {"baud": 9600.0}, {"bytesize": 9}, {"parity": "X"}, {"stopbits": 3}]
)
def test_bad_port_settings_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        PortSettings(**kwargs)


def test_written_ports_file_reads_back(tmp_path):
    specs = {
        "scanner": DeviceSpec(
            "scanner", "scanner", "/dev/pts/7", PortSettings(9600), {"suffix": "cr"}
        ),
        "terminal": DeviceSpec(
            "terminal",
            "payment_terminal",
            "socket://127.0.0.1:7000",
            PortSettings(115200, parity="E"),
        ),
    }
    path = tmp_path / "ports.json"
    write_ports_file(path, specs, rig={"pid": 1}, extra={"scanner": {"pty": "/dev/pts/7"}})
    data = json.loads(path.read_text())
    assert data["version"] == 1 and data["devices"]["scanner"]["path"] == "/dev/pts/7"
    assert data["devices"]["terminal"]["url"] == "socket://127.0.0.1:7000"
    loaded = load_ports_file(path)
    assert loaded.devices == specs
    assert loaded.rig == {"pid": 1}
    assert loaded.extra["scanner"] == {"pty": "/dev/pts/7"}


def test_hand_written_shorthand_takes_kind_from_the_name():
    ports = parse_ports({"scanner": "/dev/ttyUSB0", "msr": {"path": "/dev/ttyUSB1", "baud": 19200}})
    assert ports.devices["scanner"].kind == "scanner"
    assert ports.devices["scanner"].port.baud == 9600
    assert ports.devices["msr"].kind == "card_reader"
    assert ports.devices["msr"].port.baud == 19200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object"),
        ({"devices": []}, "'devices' must be an object"),
        ({"till-scanner": "/dev/x"}, "no kind"),
        ({"scanner": {"baud": 9600}}, "needs a path or URL"),
        ({"scanner": {"path": "/dev/x", "kind": "toaster"}}, "kind must be"),
        ({"scanner": {"path": "/dev/x", "parity": "Q"}}, "device scanner: parity"),
        ({"scanner": 42}, "entry must be a path or an object"),
    ],
)
def test_bad_ports_files_name_the_problem(data, message):
    with pytest.raises(ConfigError, match=message):
        parse_ports(data)


def test_missing_or_broken_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_ports_file(tmp_path / "nope.json")
    broken = tmp_path / "ports.json"
    broken.write_text("{not json")
    with pytest.raises(ConfigError, match="not JSON"):
        load_ports_file(broken)


def test_device_from_command_line_argument():
    spec = DeviceSpec.from_arg("scanner=/dev/ttyACM0,baud=115200,parity=E,suffix=crlf")
    assert (spec.name, spec.kind, spec.url) == ("scanner", "scanner", "/dev/ttyACM0")
    assert (spec.port.baud, spec.port.parity) == (115200, "E")
    assert spec.options == {"suffix": "crlf"}
    with pytest.raises(ConfigError):
        DeviceSpec.from_arg("scanner")
    with pytest.raises(ConfigError, match="whole number"):
        DeviceSpec.from_arg("scanner=/dev/x,baud=fast")


def test_default_locations_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("POS_DEVICES_DIR", raising=False)
    assert str(default_ports_file()) == "var/ports.json"
    monkeypatch.setenv("POS_DEVICES_DIR", str(tmp_path))
    assert default_control_socket() == tmp_path / "devices.sock"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(data=json_values)
def test_parser_gives_only_config_errors_for_any_json(data):
    with contextlib.suppress(ConfigError):
        parse_ports(data)


@given(
    entry=st.dictionaries(
        st.sampled_from(
            ["path", "url", "kind", "baud", "bytesize", "parity", "stopbits", "options"]
        ),
        json_values,
    )
)
def test_parser_gives_only_config_errors_for_any_device_entry(entry):
    with contextlib.suppress(ConfigError):
        parse_ports({"devices": {"scanner": entry}})


@given(text=st.text(max_size=60))
def test_command_line_device_parser_gives_a_spec_or_a_config_error(text):
    try:
        spec = DeviceSpec.from_arg(text)
    except ConfigError:
        return
    assert spec.name and spec.url
