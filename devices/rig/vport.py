"""The far end of a virtual serial cable: a pty master plus a stable path to its slave.

`os.openpty()` gives a pair without root, socat or a kernel module (BRIEF §7). The
rig keeps the master; the till opens the slave through a symlink in the rig's state
dir (`var/rig/dev/scanner`), which stays the same across replugs while the pty
behind it changes. The rig closes its own copy of the slave right away, so:

- `attached` tells whether the till has the port open (the master reports POLLHUP
  while nobody holds the slave);
- `unplug()` closes the master and removes the symlink: the till's next read raises
  `SerialException` exactly like a pulled USB cable, and reopening fails like a
  vanished /dev/ttyUSB0 until `plug()` makes a new pty and re-points the symlink.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import select
import tty
from pathlib import Path


class VirtualPort:
    def __init__(self, link_path: str | os.PathLike) -> None:
        self.link_path = Path(link_path)
        self.master: int | None = None
        self.pty_path: str | None = None
        self._poll: select.poll | None = None

    @property
    def plugged(self) -> bool:
        return self.master is not None

    def plug(self) -> str:
        """A new pty pair; the symlink now leads to it. Returns the pty path."""
        if self.master is not None:
            return self.pty_path or ""
        master, slave = os.openpty()
        try:
            tty.setraw(master)
            tty.setraw(slave)  # no echo, no line editing, before the till ever opens it
            self.pty_path = os.ttyname(slave)
        finally:
            os.close(slave)
        flags = fcntl.fcntl(master, fcntl.F_GETFL)
        fcntl.fcntl(master, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        self.master = master
        self._poll = select.poll()
        self._poll.register(master, select.POLLIN)
        self.link_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.link_path.with_name(f".{self.link_path.name}.{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(self.pty_path, tmp)
        os.replace(tmp, self.link_path)
        return self.pty_path

    def unplug(self) -> None:
        """Pull the cable: the till's reader fails now, reopening fails until `plug()`."""
        with contextlib.suppress(FileNotFoundError):
            self.link_path.unlink()
        if self.master is not None:
            with contextlib.suppress(OSError):
                os.close(self.master)
        self.master = None
        self._poll = None

    @property
    def attached(self) -> bool:
        """True while someone (the till) holds the slave end open."""
        if self._poll is None:
            return False
        events = self._poll.poll(0)
        return not any(ev & select.POLLHUP for _, ev in events)

    @property
    def has_input(self) -> bool:
        """True while bytes the till wrote wait to be read, even after it closed the port
        (a receipt sent just before the till stopped is still printed)."""
        if self._poll is None:
            return False
        return any(ev & select.POLLIN for _, ev in self._poll.poll(0))

    def read(self, size: int = 4096) -> bytes:
        """What the till wrote; b"" when nothing is there or nobody is attached."""
        if self.master is None:
            return b""
        try:
            return os.read(self.master, size)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EIO):
                return b""
            raise

    def write(self, data: bytes) -> int:
        """Write what fits now (non-blocking); the caller keeps the rest for later."""
        if self.master is None or not data:
            return 0
        try:
            return os.write(self.master, data)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EIO):
                return 0
            raise
