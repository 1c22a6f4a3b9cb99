"""The same hub over other pyserial transports: loop:// and a network device on socket://."""

import socket
import threading

import pytest

from devices.card_reader import encode_track2
from devices.config import DeviceSpec
from devices.events import CardRead, DecodeError, Scan
from devices.hub import DeviceHub


def test_loop_url_echo_round_trips_a_scanner_frame(events, no_leaked_threads):
    hub = DeviceHub([DeviceSpec("scanner", "scanner", "loop://")], on_event=events)
    with hub:
        events.state("scanner", "connected")
        hub.send("scanner", b"\x01\x02]E07038010000706\r]Q1hQVDUFYwMQ==\r")
        first = events.wait_for(lambda e: isinstance(e, Scan))
        second = events.wait_for(lambda e: isinstance(e, Scan))
    assert (first.data, first.symbology) == ("7038010000706", "ean13")
    assert (second.data, second.symbology) == ("hQVDUFYwMQ==", "qr")
    assert [e.raw for e in events.of_type(DecodeError)] == [b"\x01\x02"]


class NetworkReader:
    """A card reader behind a serial-to-Ethernet adapter: a TCP server that sends tracks."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(5)
        self.port = self.server.getsockname()[1]

    def accept(self):
        conn, _ = self.server.accept()
        return conn

    def close(self):
        self.server.close()


@pytest.fixture
def network_reader():
    reader = NetworkReader()
    yield reader
    reader.close()


def test_socket_url_device_reconnects_after_the_adapter_drops(
    network_reader, events, no_leaked_threads
):
    spec = DeviceSpec("msr", "card_reader", f"socket://127.0.0.1:{network_reader.port}")
    hub = DeviceHub([spec], on_event=events, backoff=(0.02, 0.1))
    with hub:
        conn = network_reader.accept()
        events.state("msr", "connected")
        conn.sendall(encode_track2("9578010000047115"))
        assert events.wait_for(lambda e: isinstance(e, CardRead)).card_number == "9578010000047115"
        conn.close()  # the adapter reboots
        events.state("msr", "disconnected")
        conn = network_reader.accept()
        events.state("msr", "connected")
        conn.sendall(encode_track2("9578010000047123"))
        assert events.wait_for(lambda e: isinstance(e, CardRead)).card_number == "9578010000047123"
        conn.close()


def test_a_missing_port_is_an_error_state_and_stop_still_returns(
    tmp_path, events, no_leaked_threads
):
    path = tmp_path / "ttyUSB9"
    hub = DeviceHub([DeviceSpec("scanner", "scanner", str(path))], on_event=events)
    hub.start()
    error = events.state("scanner", "error")
    assert "No such file" in error.detail or "could not open" in error.detail
    hub.stop()
    assert not [t for t in threading.enumerate() if t.name == "device-scanner"]


@pytest.fixture
def socat_pair(tmp_path):
    """`socat -d -d pty,raw,echo=0 pty,raw,echo=0`, as docs/protocols.md tells testers to run."""
    import shutil
    import subprocess

    from tests.fixtures.waiting import wait_until

    if shutil.which("socat") is None:
        pytest.skip("socat is not installed (Debian package socat)")
    till, device = tmp_path / "till", tmp_path / "device"
    process = subprocess.Popen(
        ["socat", "-d", "-d", f"pty,raw,echo=0,link={till}", f"pty,raw,echo=0,link={device}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: till.exists() and device.exists(), what="socat's ptys")
        yield till, device, process
    finally:
        process.terminate()
        process.wait(10)


def test_a_socat_pty_pair_works_and_killing_socat_is_an_unplug(
    socat_pair, events, no_leaked_threads
):
    till, device, process = socat_pair
    hub = DeviceHub(
        [DeviceSpec("nfc", "card_reader", str(till))], on_event=events, backoff=(0.02, 0.1)
    )
    with hub:
        events.state("nfc", "connected")
        with open(device, "wb", buffering=0) as far_end:
            far_end.write(b"04A2B3C4\r\n")
            assert events.wait_for(lambda e: isinstance(e, CardRead)).uid == "04A2B3C4"
            process.terminate()
            events.state("nfc", "disconnected")
