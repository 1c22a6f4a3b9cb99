"""What a member's purchase earned, for the receipt: the backend's answer, if it comes in time.

The purchase is queued in the outbox in the same commit as the sale; the sync
worker sends it at once. A member's receipt waits for that answer at most
`StoreSettings.earnings_wait_ms` (the worker reports the end of each round, so an
answer is seen as soon as it is stored, and an offline till does not wait at
all). Past the wait the receipt shows the dividend estimate and says the
earnings are registered on the member account: the purchase still syncs.
"""

from __future__ import annotations

from collections.abc import Callable

from pos.domain.receipt import Earnings
from pos.sync.outbox import Outbox
from pos.till.ports import SyncPort
from pos.till.session import TillSession


class EarningsWait:
    def __init__(self, session: TillSession, *, outbox: Outbox,
                 sync: Callable[[], SyncPort | None]) -> None:
        self.session = session
        self.outbox = outbox
        self.sync = sync
        """The worker, once started (`Till.start_sync` starts it after the engine exists)."""

    def earned(self, purchase_id: str) -> Earnings | None:
        """The earnings the backend credited to `purchase_id`, or None if not known in time."""
        worker = self.sync()
        wait_s = self.session.settings.earnings_wait_ms / 1000
        if worker is None or wait_s <= 0:
            return None
        worker.wake()
        answer = worker.wait_answered(purchase_id, wait_s, self.outbox.get)
        return Earnings.from_answer(answer)
