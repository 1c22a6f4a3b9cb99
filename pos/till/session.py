"""The till's session: the open sale, who works the till, and the one way to change a sale.

The journaling rule: an operation is tried on a replica of the sale (whose
rules refuse it without any change if it is not allowed), written to the
journal in one durable commit, and only then applied to the till's sale and
shown (an event to the listener) or printed. If the journal write fails, the
till's sale stays as it was, so the sale the cashier sees never holds an
operation the journal does not. A sale is written to the journal only with its
first accepted operation, so an unknown first scan leaves no empty sale behind.

Every collaborator of the engine (lines, members, payments, …) changes the sale
through `recording()` and asks this object who is logged in and whether a
payment is under way; none of them holds sale state of its own.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal

from pos.domain.catalog import Catalog
from pos.domain.clock import Clock
from pos.domain.operations import CancelSale, Operation, operation_to_dict
from pos.domain.sale import Sale
from pos.domain.settings import StoreSettings
from pos.domain.texts import DomainError, Text
from pos.domain.view import SaleView
from pos.journal import Entry, Journal
from pos.journal.recording import event_for, operations_of
from pos.till.commands import TillError
from pos.till.events import Notice, SaleChanged, SessionChanged, TillEvent
from pos.till.operators import Operator
from pos.till.ports import Listener
from pos.till.texts import T

NOT_LOGGED_IN = T("log_in_first")
NO_SALE = T("no_open_sale")
PAYMENT_BUSY = T("payment_progress_wait")
SALE_OPEN = T("finish_suspend_sale_first")
DRAWER_OPEN = T("close_drawer_first")


def fork(sale: Sale) -> Sale:
    """A replica of `sale` that can take operations without changing the original.

    One level of copying is enough: a sale's lines, tenders and operations are
    frozen values held in lists and dicts; everything else it holds is immutable
    or shared read-only (settings, catalog). Far cheaper than replaying.
    """
    twin = copy.copy(sale)
    for name, value in vars(sale).items():
        if isinstance(value, list | dict | set):
            setattr(twin, name, copy.copy(value))
    return twin


class TillSession:
    def __init__(self, *, journal: Journal, catalog: Catalog, settings: StoreSettings,
                 clock: Clock, listener: Listener | None = None, lang: str = "nb") -> None:
        self.journal = journal
        self.lang = lang
        """The language of the person at the till: receipts and reports print in it."""
        self.catalog = catalog
        self.settings = settings
        self._clock = clock
        self._listener = listener
        self._watchers: list[Listener] = []
        self._sale: Sale | None = None
        self._journaled = False
        self._operator: Operator | None = None
        self.payment_busy = False
        """A card payment or refund waits for the terminal, or Coopay for the backend."""
        self.last_completed: str | None = None
        """The sale id of the last completed sale or return (for a receipt copy)."""
        self.drawer_open = False
        """What the cash drawer's sensor last said (`pos.till.drawer`)."""

    # -- telling the UI ---------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def set_listener(self, listener: Listener | None) -> None:
        self._listener = listener

    def watch(self, watcher: Listener) -> None:
        """A collaborator that follows the till's events (the customer display), told
        before the UI's listener."""
        self._watchers.append(watcher)

    def emit(self, event: TillEvent) -> None:
        for watcher in self._watchers:
            watcher(event)
        if self._listener is not None:
            self._listener(event)

    def notice(self, level: Literal["info", "warning", "error"], text: Text,
               code: str = "") -> None:
        self.emit(Notice(level, text, code))

    def refuse(self, error: DomainError) -> None:
        """Tell the cashier why a command was refused (the refusal's own nb/en text)."""
        self.notice("error", error.text, getattr(error, "code", ""))

    def sale_changed(self) -> None:
        self.emit(SaleChanged(self.view()))

    def session_event(self) -> SessionChanged:
        operator = self._operator
        return SessionChanged(operator.operator_id if operator else None,
                              operator.name if operator else "", self.journal.training)

    # -- reading ----------------------------------------------------------------------------

    @property
    def sale(self) -> Sale | None:
        """The open sale (a domain object: change it only through `recording()`)."""
        return self._sale

    @property
    def sale_journaled(self) -> bool:
        """The open sale has at least one operation in the journal."""
        return self._sale is not None and self._journaled

    def view(self) -> SaleView | None:
        return self._sale.view() if self._sale is not None else None

    @property
    def operator(self) -> Operator | None:
        return self._operator

    # -- guards -------------------------------------------------------------------------------

    def require_operator(self) -> Operator:
        if self._operator is None:
            raise TillError(NOT_LOGGED_IN)
        return self._operator

    def require_sale(self) -> Sale:
        if self._sale is None:
            raise TillError(NO_SALE)
        return self._sale

    def require_not_paying(self) -> None:
        if self.payment_busy:
            raise TillError(PAYMENT_BUSY)

    def require_between_sales(self, refusal: Text = SALE_OPEN) -> Operator:
        """An operator, no payment under way and no sale in the journal open."""
        operator = self.require_operator()
        self.require_not_paying()
        if self.sale_journaled:
            raise TillError(refusal)
        return operator

    # -- operators ------------------------------------------------------------------------------

    def sign_in(self, operator: Operator, payload: dict[str, Any]) -> None:
        """Journal `operator`'s session (an open sale stays open), then show it."""
        self.journal.login(operator.operator_id, payload)
        self._operator = operator
        self.emit(self.session_event())

    def sign_out(self, payload: dict[str, Any] | None = None) -> None:
        """End the journaled session, if one is open (a sale may stay open)."""
        if self.journal.operator_id is not None:
            self.journal.logout(payload)
        self._operator = None

    def resume_operator(self, operator: Operator | None) -> None:
        """After a restart: the journal's open session, as it was."""
        self._operator = operator

    # -- the journaling rule ----------------------------------------------------------------

    def ensure_sale(self) -> Sale:
        """The open sale, or a new one in memory (journaled with its first operation).
        With `refuse_sale_while_drawer_open`, no new sale while the drawer is open."""
        self.require_operator()
        if self._sale is None and self.drawer_open \
                and self.settings.refuse_sale_while_drawer_open:
            raise TillError(DRAWER_OPEN)
        if self._sale is None:
            self._sale = Sale.open(
                str(uuid.uuid4()), self.now(), offers=self.catalog.offers,
                training=self.journal.training, settings=self.settings, catalog=self.catalog,
            )
            self._journaled = False
        return self._sale

    @contextmanager
    def recording(self) -> Iterator[Sale]:
        """Try (inside, on a replica) → journal (on exit, one commit) → apply → caller shows.

        The block changes a replica of the sale (`fork`); the sale's rules accept
        or refuse each operation there. At exit every accepted operation is
        journaled in one atomic commit, together with any other writes the block
        made through the journal's file (slips, card reads, a signed void), and
        only after that commit does the replica become the till's sale. If the
        block or the commit fails, nothing is journaled and the sale is as it was.
        """
        current = self.ensure_sale()
        was_journaled = self._journaled
        trial = fork(current)
        before = len(trial.operations)
        try:
            with self.journal.atomic():
                yield trial
                self._journal_ops(trial, trial.operations[before:])
        except BaseException:
            self._journaled = was_journaled
            if not was_journaled:
                self._sale = None  # a sale nobody recorded does not linger
            raise
        self._sale = trial

    def _journal_ops(self, sale: Sale, ops: tuple[Operation, ...]) -> None:
        if not ops:
            return
        if not self._journaled:
            self.journal.start_sale({"op": operation_to_dict(sale.operations[0])},
                                    sale_id=sale.sale_id)
            self._journaled = True
        for op in ops:
            if isinstance(op, CancelSale):
                continue  # written by the void as the signed cash transaction
            self.journal.append(event_for(op), {"op": operation_to_dict(op)},
                                sale_id=sale.sale_id)

    def close_sale(self) -> None:
        """The sale is completed, voided or parked: no sale is open now."""
        self._sale = None
        self._journaled = False

    def rebuild(self) -> None:
        """Make the in-memory sale what the journal says (after a failure, crash or resume)."""
        self.close_sale()
        opened = self.journal.open_sale()
        if opened is None:
            return
        self._sale = self.replay(opened.events)
        self._journaled = True

    def replay(self, entries: Iterable[Entry]) -> Sale:
        return Sale.replay(operations_of(entries), settings=self.settings, catalog=self.catalog)
