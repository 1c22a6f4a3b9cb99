"""A one-line progress bar on stderr (no dependency; quiet when stderr is not a terminal)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str, width: int = 30, stream=None) -> None:
        self.label = label
        self.width = width
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.tty = self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        elapsed = time.perf_counter() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        filled = int(self.width * fraction)
        line = (
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done:,}/{total:,} {fraction:6.1%} {rate:,.0f}/s"
        )
        if self.tty:
            self.stream.write("\r" + line)
            if done >= total:
                self.stream.write("\n")
        elif done >= total or int(fraction * 10) != int((done - 1) / max(total, 1) * 10):
            self.stream.write(line + "\n")
        self.stream.flush()
