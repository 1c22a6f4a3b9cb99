"""The till engine: the one object a front-end talks to, composed of collaborators.

    till = Till.open(config, listener=on_event, hub=hub)   # journal, catalog, client
    till.start()                        # replays an open sale, starts the sync worker
    till.login("1", "1234")
    await till.handle_device_event(event)   # a Scan, CardRead, PaymentResult … from the hub
    await till.enter_code("3*7038010000706")     # typed: quantity prefix, PLU, barcode
    till.pay_cash(20_000); till.pay_card(); await till.pay_coopay(qr)
    await till.aclose()

`Till` holds the session (`TillSession`: the open sale, the operator, the
journaling rule) and one collaborator per job — `lines`, `members`,
`payments`, `closing`, `receipts`, `parking`, `supervision`, `cash`,
`reports`, `returns`, `shifts`, `status`, `device_input` — each built here
with what it needs. Its public methods are the commands a person gives; each
is wrapped so that a refusal becomes a `Notice` (nb/en) and returns None,
whether it came from a device or a key.

Threading: one thread owns the engine (the front-end's engine thread; see
`pos.faces.engine_thread`). Commands that talk to the backend are `async`
(httpx.AsyncClient on that thread's loop). The outbox drains in the sync
worker's own thread, which reports only `StatusChanged`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pos.compliance.returns import ReturnableLine
from pos.config import TillConfig
from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.clock import Clock, oslo_now
from pos.domain.lines import SaleLine
from pos.domain.member import MemberRef
from pos.domain.product import Product
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.view import SaleView
from pos.journal import DepositSlips, EventType, Journal
from pos.sync.card_reads import PendingCardReads
from pos.sync.client import TerminalClient
from pos.sync.outbox import Outbox
from pos.sync.worker import SyncWorker
from pos.till.cash_desk import CashDesk
from pos.till.closing import SaleClosing
from pos.till.commands import async_command, command
from pos.till.customer_display import CustomerDisplay
from pos.till.device_input import DeviceInput
from pos.till.drawer import Drawer
from pos.till.earnings import EarningsWait
from pos.till.events import ReportReady, StatusChanged
from pos.till.lines import Lines
from pos.till.members import Members
from pos.till.operators import Operator, Operators
from pos.till.parking import Parking
from pos.till.payments import Payments
from pos.till.ports import DevicePort, Listener, MemberBackend, SyncPort
from pos.till.receipts import ReceiptDesk
from pos.till.reports import Reports
from pos.till.returns import Returns
from pos.till.session import TillSession
from pos.till.shifts import Shifts
from pos.till.status import TillStatus
from pos.till.supervision import Supervision
from pos.till.weighing import Weighing, scale_of


class Till:
    def __init__(self, *, journal: Journal, catalog: Catalog,
                 settings: StoreSettings = DEFAULT_SETTINGS, operators: Operators | None = None,
                 store: str = "1001", register: str = "3", clock: Clock = oslo_now,
                 listener: Listener | None = None, lang: str = "nb",
                 hub: DevicePort | None = None, client: MemberBackend | None = None) -> None:
        self.journal = journal
        self.catalog = catalog
        self.settings = settings
        self.store = store
        self.register = register
        self.hub = hub
        self.client = client
        self.sync: SyncPort | None = None
        self.outbox = Outbox.for_journal(journal)
        self.slips = DepositSlips.for_journal(journal)
        self.card_reads = PendingCardReads.for_journal(journal)
        self.session = TillSession(journal=journal, catalog=catalog, settings=settings,
                                   clock=clock, listener=listener, lang=lang)
        session = self.session
        self.receipts = ReceiptDesk(session, devices=hub, register_id=register)
        self.drawer = Drawer(session, devices=hub)
        self.customer_display = CustomerDisplay(session, devices=hub)
        self.members = Members(session, backend=client, card_reads=self.card_reads)
        earnings = EarningsWait(session, outbox=self.outbox, sync=lambda: self.sync)
        self.closing = SaleClosing(session, outbox=self.outbox, slips=self.slips,
                                   members=self.members, receipts=self.receipts,
                                   earnings=earnings, drawer=self.drawer, store=store,
                                   register_id=register, after_completed=self._completed)
        self.payments = Payments(session, devices=hub, backend=client, closing=self.closing)
        self.lines = Lines(session, slips=self.slips, members=self.members,
                           payments=self.payments, devices=hub)
        self.lines.weighing = self.weighing = Weighing(session, scale=scale_of(hub),
                                                      add_weighed=self.lines.add_weighed)
        self.parking = Parking(session, self.lines)
        self.shifts = Shifts(session, operators or Operators.demo())
        self.supervision = Supervision(session, self.shifts)
        self.cash = CashDesk(session, self.drawer)
        self.reports = Reports(session, self.receipts)
        self.returns = Returns(session, devices=hub, backend=client, outbox=self.outbox,
                               receipts=self.receipts, drawer=self.drawer, store=store,
                               register_id=register, after_completed=self._completed)
        self.status = TillStatus(session, outbox=self.outbox, card_reads=self.card_reads,
                                 device_states=_hub_states(hub))
        self.device_input = DeviceInput(session, lines=self.lines, members=self.members,
                                        payments=self.payments, returns=self.returns,
                                        status=self.status, drawer=self.drawer)
        self._started = False

    @classmethod
    def open(cls, config: TillConfig, *, listener: Listener | None = None,
             hub: DevicePort | None = None, clock: Clock = oslo_now,
             catalog: Catalog | None = None, settings: StoreSettings | None = None) -> Till:
        """A till from its settings: journal in `config.data_dir`, the terminal API client."""
        config.data_dir.mkdir(parents=True, exist_ok=True)
        settings = settings or StoreSettings(store_id=config.store)
        journal = Journal.open(config.journal_path, register_id=config.register,
                               store_id=config.store, clock=clock)
        key = config.key()
        client = TerminalClient(config.backend, key) if key else None
        operators = (Operators.from_file(config.operators_file) if config.operators_file
                     else Operators.demo())
        return cls(journal=journal, catalog=catalog or load_default_catalog(),
                   settings=settings, operators=operators, store=config.store,
                   register=config.register, clock=clock, listener=listener, lang=config.lang,
                   hub=hub, client=client)

    # -- life cycle -----------------------------------------------------------------------

    def start(self, *, sync: bool = True, resume_operator: bool = True) -> SaleView | None:
        """Record the start, bring back the open sale (and the operator), start syncing.

        `resume_operator=False` is the staffed till's choice: after a restart the open
        sale is back, but nobody is logged in until an operator gives the PIN again.
        """
        if self._started:
            return self.sale
        self._started = True
        self.journal.append(EventType.APP_STARTED, {"register": self.register})
        if resume_operator:
            self.shifts.resume()
        self.session.rebuild()
        self.payments.resume_in_flight()
        if sync:
            self.start_sync()
        self.session.emit(self.session.session_event())
        self.session.sale_changed()
        self.status.show()
        return self.sale

    def start_sync(self, **worker_options: Any) -> None:
        """Start the background sync worker (`SyncWorker` options: mode, poll_seconds, …)."""
        if self.client is None or self.sync is not None:
            return
        self.sync = SyncWorker(self.journal.path, self.client.base_url, self.client.terminal_key,
                               on_status=self.status.sync_reported, **worker_options)
        self.sync.start()

    async def aclose(self) -> None:
        """Stop syncing, record the stop, close the journal and the HTTP client."""
        if self.sync is not None:
            self.sync.stop()
            self.sync = None
        if self._started:
            self.journal.append(EventType.APP_STOPPED, {})
        if self.client is not None:
            await self.client.aclose()
        self.journal.close()

    def set_listener(self, listener: Listener | None) -> None:
        self.session.set_listener(listener)

    def set_language(self, lang: str) -> None:
        """The cashier's language (F10): receipts and reports printed from now on follow it."""
        self.session.lang = lang

    @property
    def lang(self) -> str:
        return self.session.lang

    @lang.setter
    def lang(self, lang: str) -> None:
        self.session.lang = lang

    @property
    def operators(self) -> Operators:
        return self.shifts.operators

    @operators.setter
    def operators(self, operators: Operators) -> None:
        """Who may log in here (a lane adds its own session and its attendants)."""
        self.shifts.operators = operators

    # -- reading ----------------------------------------------------------------------------

    @property
    def sale(self) -> SaleView | None:
        return self.session.view()

    @property
    def operator(self) -> Operator | None:
        return self.session.operator

    @property
    def payment_busy(self) -> bool:
        return self.session.payment_busy

    @property
    def quantity_prefix(self) -> int | None:
        return self.lines.quantity

    def lines_of_sale(self) -> tuple[SaleLine, ...]:
        return self.lines.lines()

    def now(self) -> datetime:
        return self.session.now()

    def sale_changed(self) -> None:
        self.session.sale_changed()

    def search(self, query: str, limit: int = 20) -> list[Product]:
        return self.lines.search(query, limit)

    def suspended(self) -> list[SaleView]:
        return self.parking.suspended()

    def status_event(self) -> StatusChanged:
        return self.status.event()

    # -- who works the till -------------------------------------------------------------------

    @command
    def login(self, operator_id: str, pin: str) -> bool:
        done = self.shifts.login(operator_id, pin)
        self.payments.ask_terminal()  # a card payment from before a restart may wait
        return done

    @command
    def logout(self) -> bool:
        return self.shifts.logout()

    def act_as(self, operator: Operator, payload: dict[str, Any]) -> None:
        self.shifts.act_as(operator, payload)

    def sign_off(self, payload: dict[str, Any]) -> None:
        self.shifts.sign_off(payload)

    # -- input from devices -------------------------------------------------------------------

    async def handle_device_event(self, event: object) -> None:
        """One event from the device hub (a Scan, CardRead, PaymentResult …), on the engine's
        thread: see `DeviceInput`; a scale's reading goes to `Weighing`."""
        if not self.weighing.handles(event):
            await self.device_input.handle(event)

    # -- lines and codes ------------------------------------------------------------------------

    @async_command
    async def scan(self, data: str, symbology: str | None = None, *,
                   device: str | None = None) -> None:
        await self.lines.scan(data, symbology, device=device)

    @async_command
    async def enter_code(self, text: str) -> None:
        await self.lines.enter_code(text)

    @command
    def set_quantity_prefix(self, quantity: int | None) -> None:
        self.lines.set_quantity_prefix(quantity)

    @command
    def price_lookup(self, key: str) -> Product:
        return self.lines.price_lookup(key)

    @command
    def add_product(self, key: str, quantity: int = 1) -> bool:
        return self.lines.add_product(key, quantity)

    @command
    def add_weighed(self, key: str, weight_g: int) -> bool:
        return self.lines.add_weighed(key, weight_g)

    @command
    def change_quantity(self, line_id: int, quantity: int) -> bool:
        return self.lines.change_quantity(line_id, quantity)

    @command
    def void_line(self, line_id: int, reason: str = "cashier") -> bool:
        return self.lines.void_line(line_id, reason)

    @command
    def confirm_age(self) -> bool:
        return self.lines.confirm_age()

    @command
    def refuse_age(self) -> bool:
        return self.lines.refuse_age()

    # -- members ------------------------------------------------------------------------------

    @async_command
    async def present_card(self, *, card_number: str | None = None, uid: str | None = None,
                           source: str = "scanner") -> MemberRef | None:
        return await self.members.present_card(card_number=card_number, uid=uid, source=source)

    @command
    def attach_member(self, member: MemberRef) -> bool:
        """A member already confirmed by the backend (a ShopExpress trip's member)."""
        self.members.attach(member)
        return True

    @command
    def detach_member(self) -> None:
        self.members.detach()

    # -- payments and closing the sale --------------------------------------------------------

    @command
    def pay_cash(self, tendered_ore: int | None = None) -> None:
        self.payments.pay_cash(tendered_ore)

    @command
    def pay_card(self, amount_ore: int | None = None) -> str:
        return self.payments.pay_card(amount_ore)

    @command
    def cancel_card_payment(self) -> bool:
        return self.payments.cancel_card_payment()

    @command
    def expect_coopay(self, amount_ore: int | None) -> bool:
        return self.payments.expect_coopay(amount_ore)

    @async_command
    async def pay_coopay(self, qr_payload: str, amount_ore: int | None = None) -> bool:
        return await self.payments.pay_coopay(qr_payload, amount_ore)

    @async_command
    async def void_payment(self, tender_id: int, reason: str = "cashier") -> bool:
        return await self.payments.void_payment(tender_id, reason)

    @command
    def void_sale(self, reason: str = "cashier") -> None:
        self.closing.void(reason)

    def begin_sale(self) -> str:
        """The open sale's id, opening one in memory if none is (journaled with its first
        operation): a ShopExpress trip is bound to it before anything is scanned."""
        return self.session.ensure_sale().sale_id

    @command
    def suspend(self) -> bool:
        return self.parking.suspend()

    @command
    def resume(self, sale_id: str) -> bool:
        return self.parking.resume(sale_id)

    # -- register functions ---------------------------------------------------------------------

    @command
    def print_copy(self, sale_id: str | None = None) -> bool:
        return self.receipts.print_copy(sale_id)

    @command
    def print_provisional(self) -> str:
        return self.receipts.print_provisional()

    @command
    def set_training(self, on: bool, *, supervisor_id: str | None = None,
                     pin: str | None = None) -> bool:
        return self.supervision.set_training(on, supervisor_id=supervisor_id, pin=pin)

    @command
    def open_drawer(self, reason: str = "manual") -> bool:
        return self.cash.open_drawer(reason)

    @command
    def opening_float(self, amount_ore: int) -> bool:
        return self.cash.opening_float(amount_ore)

    @command
    def withdraw_cash(self, amount_ore: int, reason: str = "") -> bool:
        return self.cash.withdraw(amount_ore, reason)

    @command
    def count_cash(self, amount_ore: int) -> bool:
        return self.cash.count(amount_ore)

    @command
    def x_report(self) -> ReportReady:
        return self.reports.x_report()

    @command
    def z_report(self) -> ReportReady:
        return self.reports.z_report()

    @command
    def returnable(self, reference: str) -> list[ReturnableLine]:
        return self.returns.returnable(reference)

    @async_command
    async def start_return(self, reference: str, quantities: Mapping[int, int] | None = None,
                           *, cash_refund: bool = False) -> int | None:
        return await self.returns.start_return(reference, quantities, cash_refund=cash_refund)

    # -- after a sale or return, and the sync worker ------------------------------------------

    def _completed(self, sale_id: str) -> None:
        """A sale or return is completed: remember it (copy), show the queue, wake sync."""
        self.session.last_completed = sale_id
        self.status.show()
        if self.sync is not None:  # after our own count, so the worker's report comes last
            self.sync.wake()


def _hub_states(hub: DevicePort | None) -> Mapping[str, Any]:
    if hub is None:
        return {}
    try:
        return hub.states()
    except Exception:  # a stand-in hub without states
        return {}
