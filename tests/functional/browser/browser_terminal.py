"""A face in a real browser tab, read the way its user reads it.

textual-serve draws the app with xterm.js into a canvas (WebGL, else 2D): there
is no DOM text to query. What the canvas shows is exactly the terminal bytes the
page receives on its websocket, so this replays those same frames into a
terminal emulator (pyte) sized by the page's own `resize` message, and tests
read `text()` from that; clicks land on the canvas at the cell where a label is.
Screenshots of each step are kept as artifacts for a person to look at.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pyte

POLL_MS = 25
"""Between looks the page's event loop runs (frames arrive); this is no fixed wait."""


class TerminalPage:
    def __init__(self, page: Any, shots: Path) -> None:
        self.page = page
        self.shots = shots
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None
        self.early: list[bytes] = []
        page.on("websocket", self._socket)

    # -- the websocket, both ways ------------------------------------------------

    def _socket(self, socket: Any) -> None:
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if not isinstance(payload, str) or not payload.startswith('["resize"'):
            return
        size = json.loads(payload)[1]
        if self.screen is None:
            self.screen = pyte.Screen(size["width"], size["height"])
            self.stream = pyte.ByteStream(self.screen)
            for data in self.early:
                self.stream.feed(data)
            self.early.clear()
        else:
            self.screen.resize(size["height"], size["width"])

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            if self.stream is None:
                self.early.append(payload)
            else:
                self.stream.feed(payload)

    # -- what a user sees ----------------------------------------------------------

    def open(self, url: str) -> TerminalPage:
        self.page.goto(url, wait_until="domcontentloaded")
        return self

    def text(self) -> str:
        return "\n".join(self.screen.display) if self.screen else ""

    def until(self, condition: Any, what: str, timeout: float = 45.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                self.shot("timed-out")
                raise AssertionError(f"timed out waiting for {what} ({timeout} s); "
                                     f"the page shows:\n{self.text()}")
            self.page.wait_for_timeout(POLL_MS)

    def shows(self, *words: str, timeout: float = 45.0) -> str:
        self.until(lambda: all(word in self.text() for word in words),
                   what=f"the page to show {words}", timeout=timeout)
        return self.text()

    def where(self, label: str) -> tuple[int, int]:
        """Where `label` stands on its own (a button's words, not the same word in a sentence);
        the lowest on the page wins, where the buttons are."""
        alone = re.compile(rf"(?<!\S){re.escape(label)}(?!\S)")
        found = [(row, match.start())
                 for row, line in enumerate(self.screen.display if self.screen else [])
                 for match in alone.finditer(line)]
        if not found:
            raise AssertionError(f"{label!r} is not on the page:\n{self.text()}")
        return found[-1]

    def click(self, label: str) -> None:
        """Click the middle of `label` where the canvas draws it (as a user's mouse would)."""
        row, col = self.where(label)
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None and self.screen is not None
        cell_w, cell_h = box["width"] / self.screen.columns, box["height"] / self.screen.lines
        self.page.mouse.click(box["x"] + (col + len(label) / 2) * cell_w,
                              box["y"] + (row + 0.5) * cell_h)

    def shot(self, name: str) -> Path:
        """The page as a user sees it now, numbered in the order of the test's steps."""
        step = len(list(self.shots.glob("*.png"))) + 1
        path = self.shots / f"{step:02d}-{name}.png"
        self.page.screenshot(path=str(path))
        return path
