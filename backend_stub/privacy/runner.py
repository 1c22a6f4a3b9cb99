"""The privacy job on a schedule inside `serve` (every `privacy_job_seconds`), and the
flushing of buffered lookup audit rows (at least once a second)."""

from __future__ import annotations

import logging
import threading
import time

from backend_stub.core.context import Backend
from backend_stub.privacy import audit, retention

log = logging.getLogger("backend_stub.privacy")
FLUSH_SECONDS = 1.0


class PrivacyTicker:
    """Runs `retention.run_in_transaction` every `interval` seconds (0 = never; the first
    run after one interval, so a starting server answers at once) and flushes the lookup
    audit buffer every second, until stopped."""

    def __init__(self, backend: Backend, interval: float) -> None:
        self._backend = backend
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="privacy-job", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        step = min(self._interval, FLUSH_SECONDS) if self._interval > 0 else FLUSH_SECONDS
        next_job = time.monotonic() + self._interval
        while not self._stop.wait(step):
            try:
                audit.read_buffer(self._backend).flush(self._backend.db)
                if self._interval > 0 and time.monotonic() >= next_job:
                    next_job = time.monotonic() + self._interval
                    report = retention.run_in_transaction(self._backend)
                    if report.changed_anything():
                        log.info("privacy job: %s", report.as_dict())
            except Exception:  # one failed run (e.g. a locked DB) is retried next time
                log.exception("privacy job failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
