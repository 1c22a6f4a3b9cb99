"""The till engine: the UI's only way to the sale, the devices, the journal and the backend.

    till = Till.open(config, listener=on_event, hub=hub)   # journal, catalog, client
    till.start()                        # replays an open sale, starts the sync worker
    till.login("1", "1234")
    await till.handle_device_event(event)   # a Scan, CardRead, PaymentResult … from the hub
    await till.enter_code("3*7038010000706")     # typed: quantity prefix, PLU, barcode
    till.pay_cash(20_000); till.pay_card(); await till.pay_coopay(qr)
    await till.aclose()

Threading model (see docs/till.md): one thread owns the engine, the UI's event
loop. Device events arrive on the hub's reader threads; the UI forwards them
into its loop (`call_from_thread`/`post_message`) and calls
`handle_device_event` there. Commands that talk to the backend (`scan` and
`enter_code` — a scan may be a member card or a Coopay QR —, `present_card`,
`pay_coopay`, `handle_device_event`) are `async` (httpx.AsyncClient): await
them on the UI loop, never in a thread. Everything else is plain and fast
(journal commits on local SQLite). The outbox drains in a background thread
(`SyncWorker`) with its own database connection; it only reports
`StatusChanged` (from its thread: forward with the thread-safe `post_message`).

Errors: a command the rules refuse does not raise; it emits a `Notice` with the
reason in nb and en (and returns False/None), so device input and typed input
are handled the same way. Programming errors still raise.
"""

from __future__ import annotations

from typing import Any

from devices.events import CardRead, DecodeError, DeviceState, PaymentPrompt, PaymentResult, Scan
from pos.config import TillConfig
from pos.domain.catalog import Catalog, load_default_catalog
from pos.domain.clock import Clock, oslo_now
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.texts import Text
from pos.domain.view import SaleView
from pos.journal import EventType, Journal
from pos.sync.client import TerminalClient
from pos.sync.worker import SyncWorker
from pos.till.core import Listener, TillError, async_command, command
from pos.till.events import (
    SessionChanged,
    StatusChanged,
)
from pos.till.operators import Operators
from pos.till.payments import PaymentFlow
from pos.till.returns import ReturnFlow


class Till(ReturnFlow):
    def __init__(self, *, journal: Journal, catalog: Catalog,
                 settings: StoreSettings = DEFAULT_SETTINGS, operators: Operators | None = None,
                 store: str = "1001", register: str = "3", clock: Clock = oslo_now,
                 listener: Listener | None = None, lang: str = "nb", hub: Any = None,
                 client: TerminalClient | None = None) -> None:
        super().__init__(journal=journal, catalog=catalog, settings=settings,
                         operators=operators or Operators.demo(), store=store,
                         register=register, clock=clock, listener=listener, lang=lang)
        self.hub = hub
        self.client = client
        self.sync: SyncWorker | None = None
        self._init_payments()
        self._quantity: int | None = None
        self._devices: dict[str, str] = dict(_hub_states(hub))
        self._backend_online: bool | None = None
        self._started = False

    @classmethod
    def open(cls, config: TillConfig, *, listener: Listener | None = None, hub: Any = None,
             clock: Clock = oslo_now, catalog: Catalog | None = None,
             settings: StoreSettings | None = None) -> Till:
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

    def start(self, *, sync: bool = True) -> SaleView | None:
        """Record the start, bring back the operator and the open sale, start syncing."""
        if self._started:
            return self.sale
        self._started = True
        self.journal.append(EventType.APP_STARTED, {"register": self.register})
        operator_id = self.journal.operator_id
        if operator_id is not None:
            self._operator = self.operators.get(operator_id)
        self.rebuild()
        if sync:
            self.start_sync()
        self.emit(self._session_event())
        self.sale_changed()
        self.emit(self.status_event())
        return self.sale

    def start_sync(self, **worker_options: Any) -> None:
        """Start the background sync worker (`SyncWorker` options: mode, poll_seconds, …)."""
        if self.client is None or self.sync is not None:
            return
        self.sync = SyncWorker(self.journal.path, self.client.base_url, self.client.terminal_key,
                               on_status=self._on_sync_status, **worker_options)
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

    # -- reading ----------------------------------------------------------------------------

    @property
    def sale(self) -> SaleView | None:
        return self._sale.view() if self._sale is not None else None

    @property
    def quantity_prefix(self) -> int | None:
        return self._quantity

    def status_event(self) -> StatusChanged:
        return StatusChanged(
            devices=dict(self._devices),
            backend_online=self._backend_online,
            outbox_pending=self.outbox.pending_count(),
            card_reads_pending=self.card_reads.pending_count(),
        )

    def set_language(self, lang: str) -> None:
        """The cashier's language (F10): receipts and reports printed from now on follow it."""
        self.lang = lang

    # -- operators ------------------------------------------------------------------------

    def _session_event(self) -> SessionChanged:
        operator = self._operator
        return SessionChanged(operator.operator_id if operator else None,
                              operator.name if operator else "", self.journal.training)

    @command
    def login(self, operator_id: str, pin: str) -> bool:
        operator = self.operators.authenticate(operator_id, pin)
        self.journal.login(operator.operator_id, {"name": operator.name})
        self._operator = operator
        self.emit(self._session_event())
        return True

    @command
    def logout(self) -> bool:
        self.require_operator()
        if self._sale is not None and self._sale_journaled:
            raise TillError(Text("Parker eller avslutt salget før du logger ut.",
                                 "Suspend or finish the sale before logging out."))
        self._sale = None
        self.journal.logout()
        self._operator = None
        self.emit(self._session_event())
        return True

    # -- input: devices and keyboard --------------------------------------------------------

    async def handle_device_event(self, event: Any) -> None:
        """One event from the device hub, on the engine's thread (see the module docstring)."""
        if isinstance(event, Scan):
            await self.scan(event.data, event.symbology, device=event.device)
        elif isinstance(event, CardRead):
            await self._card_event(event)
        elif isinstance(event, PaymentPrompt):
            self.on_payment_prompt(event.request_id, event.text_code, event.text)
        elif isinstance(event, PaymentResult):
            self._payment_result(event)
        elif isinstance(event, DeviceState):
            self._device_state(event)
        elif isinstance(event, DecodeError):
            self.notice("warning", Text(f"Uleselig data fra {event.device}: les på nytt.",
                                        f"Unreadable data from {event.device}: read again."),
                        "decode_error")
            self._beep(event.device, good=False)

    @async_command
    async def _card_event(self, event: CardRead) -> None:
        await self.present_card(card_number=event.card_number, uid=event.uid,
                                source=event.source)

    @command
    def _payment_result(self, event: PaymentResult) -> None:
        self.on_payment_result(
            request_id=event.request_id, outcome=event.outcome, amount_ore=event.amount_ore,
            transaction_id=event.transaction_id, masked_pan=event.masked_pan,
            reason=event.reason, reason_code=event.reason_code,
        )

    def _device_state(self, event: DeviceState) -> None:
        previous = self._devices.get(event.device)
        # replaced, not mutated: the sync worker's thread copies it for its StatusChanged
        self._devices = {**self._devices, event.device: event.state}
        if previous == "connected" and event.state != "connected":
            self.notice("warning", Text(f"{event.device} er frakoblet – kobler til igjen …",
                                        f"{event.device} is disconnected – reconnecting …"),
                        "device_disconnected")
        self.emit(self.status_event())

    # -- payments and voids as commands (refusals become notices) ---------------------------

    pay_cash = command(PaymentFlow.pay_cash)
    pay_card = command(PaymentFlow.pay_card)
    pay_coopay = async_command(PaymentFlow.pay_coopay)
    present_card = async_command(PaymentFlow.present_card)
    detach_member = command(PaymentFlow.detach_member)
    void_sale = command(PaymentFlow.void_sale)
    void_payment = async_command(PaymentFlow.void_payment)

    # -- suspend and resume -----------------------------------------------------------------

    @command
    def suspend(self) -> bool:
        """Park the open sale (no payment taken yet) to serve someone else."""
        self.require_not_paying()
        sale = self.require_sale()
        if any(not t.voided for t in sale.tenders):
            raise TillError(Text("Et salg med betaling kan ikke parkeres.",
                                 "A sale with a payment cannot be suspended."))
        if self._sale_journaled:
            self.journal.append(EventType.SALE_SUSPENDED, {}, sale_id=sale.sale_id)
        self._sale = None
        self._sale_journaled = False
        self.sale_changed()
        return True

    def suspended(self) -> list[SaleView]:
        """Parked sales, oldest first."""
        return [self.replay(opened.events).view() for opened in self.journal.suspended_sales()]

    @command
    def resume(self, sale_id: str) -> bool:
        self.require_operator()
        if self._sale is not None and self._sale_journaled:
            raise TillError(Text("Avslutt eller parker salget som er åpent først.",
                                 "Finish or suspend the open sale first."))
        self.journal.append(EventType.SALE_RESUMED, {}, sale_id=sale_id)
        self.rebuild()
        self._line_added(None)
        return True

    # -- sync -----------------------------------------------------------------------------

    def _on_sync_status(self, online: bool | None, pending: int, card_reads: int) -> None:
        """From the sync worker's thread: the listener must be thread-safe for this one."""
        self._backend_online = online
        self.emit(StatusChanged(dict(self._devices), online, pending, card_reads))

    def sale_completed(self, sale: Any) -> None:
        super().sale_completed(sale)
        self.emit(self.status_event())
        if self.sync is not None:  # after our own count, so the worker's report comes last
            self.sync.wake()


def _hub_states(hub: Any) -> dict[str, str]:
    if hub is None:
        return {}
    try:
        return {name: state for name, state in hub.states().items()}
    except Exception:
        return {}
