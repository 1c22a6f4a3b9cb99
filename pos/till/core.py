"""The engine's shared state and its one way to change a sale: journal, then apply and show.

The journaling rule: an operation is tried on a replica of the sale (whose
rules refuse it without any change if it is not allowed), written to the
journal in one durable commit, and only then applied to the till's sale and
shown (an event to the listener) or printed. If the journal write fails, the
till's sale stays as it was, so the sale the cashier sees never holds an
operation the journal does not. A sale is written to the journal only with its
first accepted operation, so an unknown first scan leaves no empty sale behind.
"""

from __future__ import annotations

import copy
import functools
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from pos.domain.catalog import Catalog
from pos.domain.clock import Clock
from pos.domain.operations import CancelSale, Operation, operation_to_dict
from pos.domain.sale import Sale
from pos.domain.settings import StoreSettings
from pos.domain.texts import DomainError, Text
from pos.journal import DepositSlips, Journal
from pos.journal.recording import event_for, operations_of
from pos.sync.card_reads import PendingCardReads
from pos.sync.outbox import Outbox
from pos.till.events import Notice, SaleChanged, StatusChanged, TillEvent
from pos.till.operators import Operator, Operators

Listener = Callable[[TillEvent], None]


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
F = TypeVar("F", bound=Callable[..., Any])


def command(method: F) -> F:
    """A refused command becomes a `Notice` (reason in nb/en) and returns None."""

    @functools.wraps(method)
    def wrapper(self: TillCore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DomainError as error:
            self.refuse(error)
            return None

    return wrapper  # type: ignore[return-value]


def async_command(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def wrapper(self: TillCore, *args: Any, **kwargs: Any) -> Any:
        try:
            return await method(self, *args, **kwargs)
        except DomainError as error:
            self.refuse(error)
            return None

    return wrapper


class TillError(DomainError):
    """A command the till refuses in its current state (nobody logged in, payment busy…)."""

    code = "till_error"


NOT_LOGGED_IN = Text("Logg inn først.", "Log in first.")
NO_SALE = Text("Ingen åpent salg.", "No open sale.")
PAYMENT_BUSY = Text("En betaling pågår – vent på svar.", "A payment is in progress – wait.")


class TillCore:
    def __init__(self, *, journal: Journal, catalog: Catalog, settings: StoreSettings,
                 operators: Operators, store: str, register: str, clock: Clock,
                 listener: Listener | None = None, lang: str = "nb") -> None:
        self.journal = journal
        self.catalog = catalog
        self.settings = settings
        self.operators = operators
        self.store = store
        self.register = register
        self.lang = lang
        self._clock = clock
        self._listener = listener
        self.outbox = Outbox.for_journal(journal)
        self.slips = DepositSlips.for_journal(journal)
        self.card_reads = PendingCardReads.for_journal(journal)
        self._sale: Sale | None = None
        self._sale_journaled = False
        self._operator: Operator | None = None
        self._payment_busy = False

    # -- plumbing -------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def set_listener(self, listener: Listener | None) -> None:
        self._listener = listener

    def emit(self, event: TillEvent) -> None:
        if self._listener is not None:
            self._listener(event)

    def notice(self, level: str, text: Text, code: str = "") -> None:
        self.emit(Notice(level, text, code))  # type: ignore[arg-type]

    def refuse(self, error: DomainError) -> None:
        """Tell the cashier why a command was refused (the domain's own nb/en text)."""
        self.notice("error", error.text, getattr(error, "code", ""))

    def sale_changed(self) -> None:
        self.emit(SaleChanged(self._sale.view() if self._sale is not None else None))

    def status_event(self) -> StatusChanged:  # overridden by Till with devices and backend
        return StatusChanged(outbox_pending=self.outbox.pending_count())

    # -- guards -----------------------------------------------------------------------------

    @property
    def operator(self) -> Operator | None:
        return self._operator

    def require_operator(self) -> Operator:
        if self._operator is None:
            raise TillError(NOT_LOGGED_IN)
        return self._operator

    def require_sale(self) -> Sale:
        if self._sale is None:
            raise TillError(NO_SALE)
        return self._sale

    def require_not_paying(self) -> None:
        if self._payment_busy:
            raise TillError(PAYMENT_BUSY)

    def ensure_sale(self) -> Sale:
        """The open sale, or a new one in memory (journaled with its first operation)."""
        self.require_operator()
        if self._sale is None:
            self._sale = Sale.open(
                str(uuid.uuid4()), self.now(), offers=self.catalog.offers,
                training=self.journal.training, settings=self.settings, catalog=self.catalog,
            )
            self._sale_journaled = False
        return self._sale

    # -- the journaling rule ----------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[Sale]:
        """Try (inside, on a replica) → journal (on exit, one commit) → apply → caller shows.

        The block changes a replica of the sale (`fork`); the sale's rules accept
        or refuse each operation there. At exit every accepted operation is
        journaled in one atomic commit, together with any other writes the block
        made through the journal's file (slips, card reads), and only after that
        commit does the replica become the till's sale. If the block or the
        commit fails, nothing is journaled and the till's sale is as it was.
        """
        current = self.ensure_sale()
        was_journaled = self._sale_journaled
        trial = fork(current)
        before = len(trial.operations)
        try:
            with self.journal.atomic():
                yield trial
                self._journal_ops(trial, trial.operations[before:])
        except BaseException:
            self._sale_journaled = was_journaled
            if not was_journaled:
                self._sale = None  # a sale nobody recorded does not linger
            raise
        self._sale = trial

    def _journal_ops(self, sale: Sale, ops: tuple[Operation, ...]) -> None:
        if not ops:
            return
        if not self._sale_journaled:
            self.journal.start_sale({"op": operation_to_dict(sale.operations[0])},
                                    sale_id=sale.sale_id)
            self._sale_journaled = True
        for op in ops:
            if isinstance(op, CancelSale):
                continue  # written by void_sale as the signed cash transaction
            self.journal.append(event_for(op), {"op": operation_to_dict(op)},
                                sale_id=sale.sale_id)

    def rebuild(self) -> None:
        """Make the in-memory sale what the journal says (after a failure, crash or resume)."""
        self._sale_journaled = False
        self._sale = None
        opened = self.journal.open_sale()
        if opened is None:
            return
        self._sale = self.replay(opened.events)
        self._sale_journaled = True

    def replay(self, entries: Any) -> Sale:
        return Sale.replay(operations_of(entries), settings=self.settings, catalog=self.catalog)
