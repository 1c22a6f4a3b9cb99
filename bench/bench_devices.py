"""Device layer speed: decoders against the wire's frame rate, latency against wire time.

- **decode ‹codec›**: framing + decoding of a long stream in 4 KiB reads, frames/s,
  beside the frames/s a 115200-baud line can carry at most (ratio = headroom).
- **latency ‹baud›**: from the rig writing the last byte of a scanner frame to the
  hub's callback receiving the `Scan`, over a real pty with the reader thread, p50
  and p99, beside the frame's wire time (ratio < 1: our cost is below the physics).
  `extra.bare_pty_p50_ms` is the same path with a bare `os.read` loop and no hub.
- **burst**: 2 000 back-to-back scans at 115200 baud: scans received beside scans
  sent (must be 1.00x), and the time they took beside their wire time.
- **replug → connected**: how long the hub takes to find a replugged device,
  beside its configured maximum backoff.
"""

from __future__ import annotations

import os
import queue
import select
import tempfile
import threading
import time
from collections.abc import Callable

from bench.common import Result, percentile
from devices import card_reader, display, payment, scale, scanner
from devices.config import PortSettings
from devices.events import DeviceState, Scan
from devices.framing import Frame, LineFramer, StxEtxFramer
from devices.hub import DeviceHub
from devices.rig import Rig

FRAME = scanner.encode_scan("7038010000706", "]E0")
FAST = 115200


def _decode_rate(name: str, frame: bytes, framer, decode: Callable[[bytes], object], n: int):
    stream = frame * n
    start = time.perf_counter()
    decoded = 0
    for i in range(0, len(stream), 4096):
        for piece in framer.feed(stream[i : i + 4096], 0.0):
            if isinstance(piece, Frame):
                decode(piece.raw)
                decoded += 1
    seconds = time.perf_counter() - start
    assert decoded == n, f"{name}: decoded {decoded} of {n}"
    wire_rate = 1 / PortSettings(FAST).wire_time(len(frame))
    return Result(
        f"decode {name}",
        n / seconds,
        "frames/s",
        wire_rate,
        "frames/s a 115200 line carries",
        extra={"frame_bytes": len(frame)},
    )


def decoder_results(quick: bool) -> list[Result]:
    n = 20_000 if quick else 200_000
    pay = payment.encode_message(
        payment.result(
            "sale-1",
            "APPROVED",
            12950,
            transaction_id="T00000001",
            masked_pan="************1111",
            code="00",
            text="Godkjent",
        )
    )
    cases = [
        ("scanner ean13", FRAME, LineFramer(resync=scanner.resync_offset), scanner.decode_frame),
        (
            "scanner qr",
            scanner.encode_scan("hQVDUFYwMWEy" * 10, "]Q1"),
            LineFramer(resync=scanner.resync_offset),
            scanner.decode_frame,
        ),
        (
            "msr track 2",
            card_reader.encode_track2("9578010000047115"),
            LineFramer(resync=card_reader.msr_resync_offset),
            card_reader.decode_track2,
        ),
        (
            "rfid rdm6300",
            card_reader.encode_rdm6300("0A1B2C3D4E"),
            StxEtxFramer(max_len=14),
            card_reader.decode_rdm6300,
        ),
        (
            "nfc uid",
            card_reader.encode_nfc("04A2B3C4D5E6F7"),
            LineFramer(resync=card_reader.nfc_resync_offset),
            card_reader.decode_nfc,
        ),
        ("terminal result", pay, StxEtxFramer(trailer=1), payment.decode_frame),
        (
            "scale dialog06 result",
            scale.encode_answer(scale.WeighResult(742, 2490, scale.price_to_pay(742, 2490))),
            StxEtxFramer(passthrough=bytes([scale.ACK, scale.NAK]), max_len=scale.MAX_FRAME),
            scale.decode_frame,
        ),
    ]
    results = [_decode_rate(name, frame, framer, dec, n) for name, frame, framer, dec in cases]
    return [*results, _display_rate(n)]


def _display_rate(n: int) -> Result:
    """The customer display's decoder: whole 2 × 20 screens a second, beside what a 9600-baud
    line (the display's) can carry."""
    screens = [display.show(f"Vare {i:>5} {i % 997:>8},90", f"Totalt   kr {i:>7},00")
               for i in range(64)]
    decoder = display.DisplayDecoder()
    start = time.perf_counter()
    for i in range(n):
        decoder.feed(screens[i % 64])
    seconds = time.perf_counter() - start
    wire_rate = 1 / PortSettings(9600).wire_time(len(screens[0]))
    return Result("decode display 2x20", n / seconds, "screens/s", wire_rate,
                  "screens/s a 9600 line carries", extra={"screen_bytes": len(screens[0])})


def _wait_connected(hub: DeviceHub, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not all(s.state == "connected" for s in hub.states().values()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"devices did not connect: {hub.states()}")
        time.sleep(0.005)


def _bare_pty_latency(baud: int, n: int) -> list[float]:
    """The floor: the rig's paced writer into a pty read by a bare `os.read` loop."""
    with (
        tempfile.TemporaryDirectory(prefix="rigb", dir="/tmp") as d,
        Rig(d, devices=["scanner"], baud=baud, control=False) as rig,
    ):
        fd = os.open(rig.state_dir / "dev" / "scanner", os.O_RDWR | os.O_NOCTTY)
        arrived: queue.SimpleQueue = queue.SimpleQueue()
        stop = threading.Event()

        def reader():
            buf = b""
            while not stop.is_set():
                if select.select([fd], [], [], 0.05)[0]:
                    buf += os.read(fd, 4096)
                    while b"\r" in buf:
                        _, buf = buf.split(b"\r", 1)
                        arrived.put(time.perf_counter())

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            time.sleep(0.05)
            em = rig.emulator("scanner")
            samples = []
            for _ in range(n):
                written: queue.SimpleQueue = queue.SimpleQueue()
                em.call(em.send, FRAME, written.put)
                t_written = written.get(timeout=5)
                samples.append(arrived.get(timeout=5) - t_written)
            return samples
        finally:
            stop.set()
            thread.join()
            os.close(fd)


def latency_results(baud: int, quick: bool) -> list[Result]:
    n = 40 if quick else 300
    got: queue.SimpleQueue = queue.SimpleQueue()

    def on_event(event) -> None:
        if isinstance(event, Scan):
            got.put(time.perf_counter())

    with (
        tempfile.TemporaryDirectory(prefix="rigb", dir="/tmp") as d,
        Rig(d, devices=["scanner"], baud=baud, control=False) as rig,
    ):
        hub = DeviceHub.from_ports_file(rig.ports_file, on_event=on_event)
        with hub:
            _wait_connected(hub)
            em = rig.emulator("scanner")
            samples = []
            for _ in range(n):
                written: queue.SimpleQueue = queue.SimpleQueue()
                em.call(em.scan, "7038010000706", "]E0", 1, written.put)
                t_written = written.get(timeout=5)
                samples.append(got.get(timeout=5) - t_written)
    bare = _bare_pty_latency(baud, max(20, n // 4))
    wire_ms = PortSettings(baud).wire_time(len(FRAME)) * 1000
    extra = {
        "samples": n,
        "frame_bytes": len(FRAME),
        "bare_pty_p50_ms": round(percentile(bare, 50) * 1000, 4),
        "bare_pty_p99_ms": round(percentile(bare, 99) * 1000, 4),
    }
    return [
        Result(
            f"latency {baud} p50",
            percentile(samples, 50) * 1000,
            "ms",
            wire_ms,
            "wire time of the frame",
            extra,
        ),
        Result(
            f"latency {baud} p99",
            percentile(samples, 99) * 1000,
            "ms",
            wire_ms,
            "wire time of the frame",
            extra,
        ),
    ]


def burst_results(count: int = 2000) -> list[Result]:
    received: list[str] = []
    done = threading.Event()
    codes = [f"70380100{i:05d}" for i in range(count)]

    def on_event(event) -> None:
        if isinstance(event, Scan):
            received.append(event.data)
            if len(received) == count:
                done.set()

    with (
        tempfile.TemporaryDirectory(prefix="rigb", dir="/tmp") as d,
        Rig(d, devices=["scanner"], baud=FAST, control=False) as rig,
        DeviceHub.from_ports_file(rig.ports_file, on_event=on_event) as hub,
    ):
        _wait_connected(hub)
        em = rig.emulator("scanner")
        frames = [scanner.encode_scan(code) for code in codes]
        start = time.perf_counter()
        em.call(lambda: [em.send(frame) for frame in frames])
        done.wait(60)
        seconds = time.perf_counter() - start
    wire = PortSettings(FAST).wire_time(sum(len(f) for f in frames))
    in_order = received == codes
    return [
        Result(
            "burst 2000 @115200 received",
            len(received),
            "scans",
            count,
            "scans sent",
            {"in_order": in_order},
        ),
        Result("burst 2000 @115200 time", seconds, "s", wire, "wire time of the burst"),
    ]


def replug_results(quick: bool) -> list[Result]:
    backoff_max = 0.5
    rounds = 5 if quick else 20
    connected = threading.Event()

    def on_event(event) -> None:
        if isinstance(event, DeviceState) and event.state == "connected":
            connected.set()

    samples = []
    with (
        tempfile.TemporaryDirectory(prefix="rigb", dir="/tmp") as d,
        Rig(d, devices=["scanner"], baud=FAST, control=False) as rig,
        DeviceHub.from_ports_file(
            rig.ports_file, on_event=on_event, backoff=(0.02, backoff_max)
        ) as hub,
    ):
        _wait_connected(hub)
        for _ in range(rounds):
            rig.unplug("scanner")
            while hub.state("scanner").state == "connected":
                time.sleep(0.002)
            time.sleep(0.1)  # let the backoff grow as it would while a cable is out
            connected.clear()
            start = time.perf_counter()
            rig.replug("scanner")
            connected.wait(10)
            samples.append(time.perf_counter() - start)
    return [
        Result(
            "replug → connected p50",
            percentile(samples, 50) * 1000,
            "ms",
            backoff_max * 1000,
            "maximum reconnect backoff",
            {"rounds": rounds},
        ),
    ]


def run(quick: bool) -> list[Result]:
    results = decoder_results(quick)
    for baud in (9600, FAST):
        results += latency_results(baud, quick)
    results += burst_results()
    results += replug_results(quick)
    return results
