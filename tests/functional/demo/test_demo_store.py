"""`make demo` as a newcomer meets it: everything answers, quitting leaves nothing behind.

The demo runs as a real child process (`python -m pos.demo`) on free ports in a
temp dir. The processes it started are found in /proc (its whole tree, the app
processes the browser tabs opened included) and must all be gone after it quits.
"""

from __future__ import annotations

import json
import os
import pty
import select
import socket
import subprocess
import sys
import time
import urllib.request

import aiohttp

from tests.fixtures.demo_store import alive, descendants, free_port_base, start_demo
from tests.fixtures.waiting import until, wait_until


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def cmdline(pid: int) -> str:
    try:
        return open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


async def test_the_store_answers_and_quitting_stops_every_process_it_started(tmp_path):
    demo = start_demo(tmp_path / "demo", "--till", "web")
    try:
        urls = demo.urls
        assert set(urls) == {"lane", "handheld", "till"}
        ports = [int(url.rsplit(":", 1)[1].strip("/")) for url in urls.values()]
        assert ports == [demo.port_base + 1, demo.port_base + 2, demo.port_base + 3]
        for face, title in (("lane", "Coop selvbetjening"), ("handheld", "Coop ShopExpress"),
                            ("till", "Coop kasse")):
            assert title in page(urls[face]), face
        health = json.loads(page(f"http://127.0.0.1:{demo.port_base}/health"))
        assert health, "the backend answers on the port base"

        async with aiohttp.ClientSession() as session:  # a browser tab: one app process
            socket_url = urls["lane"] + "ws?width=100&height=30"
            async with session.ws_connect(socket_url) as tab:
                await until(None, lambda: any("pos.faces.web.tab lane" in cmdline(pid)
                                              for pid in descendants(demo.process.pid)),
                            what="the tab's app process")
                started = descendants(demo.process.pid)
                assert len(started) >= 7  # 2 rigs, backend, 3 servers, the tab's app
                assert await tab.receive(timeout=60)  # the app draws
                assert demo.stop() == 0
    finally:
        demo.stop()
    wait_until(lambda: not any(alive(pid) for pid in started), timeout=30,
               what="every process of the demo to end",
               describe=lambda: str([cmdline(p) for p in started if alive(p)]))
    assert not (demo.base / "urls.json").exists()  # no URL that no longer answers


def test_a_taken_port_is_a_clear_error_and_starts_nothing(tmp_path):
    base = free_port_base()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", base + 2))  # the handheld's page
        holder.listen()
        result = subprocess.run(
            [sys.executable, "-m", "pos.demo", "--dir", str(tmp_path / "demo"), "--till", "none",
             "--port-base", str(base)],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert f"port {base + 2} (handheld) is taken" in result.stderr
    assert "--port-base" in result.stderr  # and how to get past it
    assert not (tmp_path / "demo" / "backend.sqlite3").exists()


def test_quitting_the_till_in_the_terminal_stops_the_store(tmp_path):
    """`make demo` as typed: the till takes a (pseudo) terminal; Ctrl+Q ends it all."""
    base_dir, port_base = tmp_path / "demo", free_port_base()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the demo on a terminal of its own
        os.execvpe(sys.executable, [sys.executable, "-m", "pos.demo", "--dir", str(base_dir),
                                    "--port-base", str(port_base)],
                   {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"})
    screen = bytearray()

    def read_screen() -> bytes:
        while select.select([fd], [], [], 0)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen.extend(chunk)
        return bytes(screen)

    try:
        wait_until(lambda: (base_dir / "urls.json").exists(), timeout=150,
                   what="the store to open", describe=lambda: read_screen()[-2000:].decode(
                       "utf-8", "replace"))
        printed = read_screen().decode("utf-8", "replace")
        assert f"http://127.0.0.1:{port_base + 1}/" in printed  # the URLs come first
        started = descendants(pid)
        wait_until(lambda: b"\x1b[?1049h" in read_screen(), timeout=60,
                   what="the till to take the terminal")
        wait_until(lambda: len(read_screen()) > len(printed) + 2000, timeout=60,
                   what="the till to draw its first screen")
        os.write(fd, b"\x11")  # Ctrl+Q
        deadline = time.monotonic() + 60
        status = None
        while status is None and time.monotonic() < deadline:
            read_screen()
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
            if status is None:
                select.select([fd], [], [], 0.05)
        assert status is not None, "the demo did not end on Ctrl+Q"
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        if alive(pid):
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    wait_until(lambda: not any(alive(p) for p in started), timeout=30,
               what="every process of the demo to end",
               describe=lambda: str([cmdline(p) for p in started if alive(p)]))
