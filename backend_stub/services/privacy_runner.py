"""The privacy job on a schedule inside `serve` (every `privacy_job_seconds`)."""

from __future__ import annotations

import logging
import threading

from backend_stub.context import Backend
from backend_stub.services import retention

log = logging.getLogger("backend_stub.privacy")


class PrivacyTicker:
    """Runs `retention.run_in_transaction` every `interval` seconds (first run after one
    interval, so a starting server answers at once) until stopped."""

    def __init__(self, backend: Backend, interval: float) -> None:
        self._backend = backend
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="privacy-job", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                report = retention.run_in_transaction(self._backend)
                if report.changed_anything():
                    log.info("privacy job: %s", report.as_dict())
            except Exception:  # one failed run (e.g. a locked DB) is retried next interval
                log.exception("privacy job failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)
