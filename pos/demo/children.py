"""The demo's child processes: started in their own process group, stopped as a group.

Why groups: a web face's server starts one app process per browser tab. Ending
the server's whole group (by the server's own pid, which is its group id) ends
those too, so quitting the demo leaves nothing running. Each child also gets
SIGTERM from the kernel if the demo dies without cleaning up (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from pos.faces.web.tab import die_with_parent

START_TIMEOUT = 90.0


class DemoError(RuntimeError):
    """A part of the demo did not start; the message says which log to read."""


class Children:
    """The demo's child processes; `stop()` ends each group by its leader's pid, gently first."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def log(self, name: str) -> Path:
        return self.base / f"{name}.log"

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        with self.log(name).open("ab") as log:
            process = subprocess.Popen(
                args, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=die_with_parent, start_new_session=True,
            )
        self.processes.append((name, process))
        return process

    def run(self, name: str, args: list[str], env: dict[str, str]) -> str:
        """Run to the end; its output goes to the log and is returned (for a printed key)."""
        result = subprocess.run(args, env=env, capture_output=True, stdin=subprocess.DEVNULL,
                                timeout=120, check=False)
        with self.log(name).open("ab") as log:
            log.write(result.stderr)
            if name != "lane-key":  # a printed terminal key stays out of the logs
                log.write(result.stdout)
        if result.returncode != 0:
            raise DemoError(f"{name} failed (exit {result.returncode}); see {self.log(name)}")
        return result.stdout.decode("utf-8", "replace")

    def pids(self) -> list[int]:
        return [process.pid for _name, process in self.processes]

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _name, process in reversed(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
            _signal_group(process, signal.SIGKILL)  # whatever the leader left in its group
        self.processes.clear()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def wait_for(what: str, ready: Callable[[], bool], process: subprocess.Popen, log: Path) -> None:
    """Poll `ready` until it holds; a child that exits first is an error naming its log."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-400:].strip()
            raise DemoError(f"{what} exited with {process.returncode}; see {log}\n{tail}")
        if ready():
            return
        time.sleep(0.1)
    raise DemoError(f"{what} did not start within {START_TIMEOUT:.0f} s; see {log}")
