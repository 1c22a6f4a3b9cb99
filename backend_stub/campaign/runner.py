"""Running the re-login campaign: planning and ticking in transactions, and the ticker
thread a serving backend uses to advance it on its own."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from backend_stub.campaign import service as campaign
from backend_stub.core.context import Backend
from backend_stub.core.db import serialised

log = logging.getLogger("backend_stub.campaign")


def plan_campaign(
    backend: Backend,
    *,
    waves: int,
    first_opens_at: datetime,
    wave_every: timedelta,
    grace: timedelta,
    name: str = "Ny innlogging",
) -> dict:
    with backend.db.writing() as session:
        campaign.plan(
            session,
            backend.now(),
            waves=waves,
            first_opens_at=first_opens_at,
            wave_every=wave_every,
            grace=grace,
            name=name,
        )
    with backend.db.reading() as session:
        return campaign.status(session, backend.now())


def run_tick(backend: Backend) -> campaign.TickReport:
    """One tick at a time across all workers, so a reminder is never sent twice."""
    with backend.db.writing() as session:
        serialised(session, "campaign_tick")
        return campaign.tick(
            session, backend.now(), backend.tz, backend.settings.relogin_reminder_days_before
        )


class CampaignTicker:
    """Calls `run_tick` every `interval` seconds until stopped."""

    def __init__(self, backend: Backend, interval: float) -> None:
        self._backend = backend
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="campaign-ticker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                report = run_tick(self._backend)
                if report.notified or report.reminded or report.forced_out:
                    log.info("campaign tick: %s", report)
            except Exception:  # keep ticking: one failed tick (e.g. a locked DB) is retried
                log.exception("campaign tick failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
