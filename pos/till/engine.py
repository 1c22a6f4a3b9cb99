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

import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from devices.events import CardRead, DecodeError, DeviceState, PaymentPrompt, PaymentResult, Scan
from pos.config import TillConfig
from pos.domain.barcode_types import (
    BarcodeError,
    CoopayCode,
    DepositSlipCode,
    MemberCardCode,
)
from pos.domain.barcodes import parse_barcode
from pos.domain.catalog import Catalog, UnknownProduct, load_default_catalog
from pos.domain.product import Product
from pos.domain.scanning import WeightRequired, add_scanned
from pos.domain.settings import DEFAULT_SETTINGS, StoreSettings
from pos.domain.texts import DomainError, Text
from pos.domain.view import SaleView
from pos.journal import EventType, Journal
from pos.journal.clock import Clock, oslo_now
from pos.sync.client import TerminalClient
from pos.till.core import Listener, TillError
from pos.till.events import (
    NeedsAgeCheck,
    SessionChanged,
    StatusChanged,
    UnknownCode,
    WeightNeeded,
)
from pos.till.operators import Operators
from pos.till.payments import PaymentFlow

F = TypeVar("F", bound=Callable[..., Any])
QUANTITY_PREFIX = re.compile(r"^\s*(\d{1,3})\s*[*xX]\s*(.*)$")
MAX_PLU_DIGITS = 5


def command(method: F) -> F:
    """A refused command becomes a `Notice` (reason in nb/en) and returns None."""

    @functools.wraps(method)
    def wrapper(self: Till, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DomainError as error:
            self.refuse(error)
            return None

    return wrapper  # type: ignore[return-value]


def async_command(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def wrapper(self: Till, *args: Any, **kwargs: Any) -> Any:
        try:
            return await method(self, *args, **kwargs)
        except DomainError as error:
            self.refuse(error)
            return None

    return wrapper


class _RedeemedSlips:
    """`slip_id in redeemed` asks the durable registry (the domain takes any container)."""

    def __init__(self, till: Till) -> None:
        self._till = till

    def __contains__(self, slip_id: object) -> bool:
        return isinstance(slip_id, str) and self._till.slips.is_redeemed(slip_id)


class Till(PaymentFlow):
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
        self.sync: Any = None
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
        if sync and self.client is not None:
            from pos.sync.worker import SyncWorker

            self.sync = SyncWorker(self.journal.path, self.client.base_url,
                                   self._client_key(), on_status=self._on_sync_status)
            self.sync.start()
        self.emit(SessionChanged(self._operator.operator_id if self._operator else None,
                                 self._operator.name if self._operator else ""))
        self.sale_changed()
        self.emit(self.status_event())
        return self.sale

    def _client_key(self) -> str:
        assert self.client is not None
        auth = self.client._client.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ")

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

    def search(self, query: str, limit: int = 20) -> list[Product]:
        """Products by name, PLU or GTIN (loose produce, price lookup)."""
        return self.catalog.search(query, limit)

    @command
    def price_lookup(self, key: str) -> Product | None:
        """Look up a product's price without selling it (journaled, the regulation asks)."""
        product = self.catalog.by_gtin(key) or self.catalog.by_plu(key)
        if product is None:
            raise UnknownProduct(Text(f"Fant ingen vare {key}.", f"No product {key}."))
        self.journal.append(EventType.PRICE_LOOKUP, {"gtin": product.gtin,
                                                     "price_ore": product.price_ore})
        return product

    # -- operators ------------------------------------------------------------------------

    @command
    def login(self, operator_id: str, pin: str) -> bool:
        operator = self.operators.authenticate(operator_id, pin)
        self.journal.login(operator.operator_id, {"name": operator.name})
        self._operator = operator
        self.emit(SessionChanged(operator.operator_id, operator.name))
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
        self.emit(SessionChanged(None))
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
        self._devices[event.device] = event.state
        if previous == "connected" and event.state != "connected":
            self.notice("warning", Text(f"{event.device} er frakoblet – kobler til igjen …",
                                        f"{event.device} is disconnected – reconnecting …"),
                        "device_disconnected")
        self.emit(self.status_event())

    @async_command
    async def enter_code(self, text: str) -> None:
        """Typed input: `3*` (quantity for the next item), `3*CODE`, a PLU, or a barcode."""
        match = QUANTITY_PREFIX.match(text)
        if match:
            self.set_quantity_prefix(int(match.group(1)))
            text = match.group(2)
            if not text.strip():
                return
        text = text.strip()
        if text.isdigit() and len(text) <= MAX_PLU_DIGITS:
            product = self.catalog.by_plu(text)
            if product is None:
                self._quantity = None
                self._unknown(text, Text(f"Ukjent PLU {text}.", f"Unknown PLU {text}."), None)
                return
            self.add_product(product.key, self._take_quantity())
            return
        await self.scan(text, None)

    @command
    def set_quantity_prefix(self, quantity: int | None) -> None:
        """`3*`: the next item is added 3 times (None clears it)."""
        if quantity is not None and not 1 <= quantity <= self.settings.max_quantity:
            raise TillError(Text(f"Antall må være 1–{self.settings.max_quantity}.",
                                 f"Quantity must be 1–{self.settings.max_quantity}."))
        self._quantity = quantity

    def _take_quantity(self) -> int:
        quantity, self._quantity = self._quantity or 1, None
        return quantity

    @async_command
    async def scan(self, data: str, symbology: str | None = None, *,
                   device: str | None = None) -> None:
        """A barcode from a scanner or typed: item, weight/price label, slip, card or Coopay."""
        self.require_operator()
        quantity = self._take_quantity()
        try:
            code = parse_barcode(data, symbology, layout=self.settings.in_store_layout,
                                 card_format=self.settings.member_card_format)
        except BarcodeError as error:
            self._unknown(data, error.text, device)
            return
        if isinstance(code, MemberCardCode):
            await self.present_card(card_number=code.card_number, source="scanner")
            return
        if isinstance(code, CoopayCode):
            await self.pay_coopay(code.text)
            return
        self.require_not_paying()
        try:
            with self.recording() as sale:
                add_scanned(sale, code, self.catalog, now=self.now(), quantity=quantity,
                            redeemed_slips=_RedeemedSlips(self))
                if isinstance(code, DepositSlipCode):
                    self.slips.redeem(code.slip_id, code.value_ore, sale_id=sale.sale_id)
        except UnknownProduct as error:
            self._unknown(data, error.text, device)
            return
        except WeightRequired as needed:
            self.emit(WeightNeeded(needed.product.key, needed.product.name))
            return
        except DomainError:
            self._beep(device, good=False)
            raise
        self._line_added(device)

    def _unknown(self, code: str, text: Text, device: str | None) -> None:
        self._beep(device, good=False)
        self.emit(UnknownCode(code, text))
        self.notice("error", text, "unknown_barcode")

    def _beep(self, device: str | None, *, good: bool) -> None:
        if self.hub is None or device is None:
            return
        try:
            self.hub.send(device, "beep_good" if good else "beep_bad")
        except Exception:  # a scanner without beeps, or one that is unplugged right now
            return

    def _line_added(self, device: str | None) -> None:
        self._beep(device, good=True)
        self.sale_changed()
        sale = self._sale
        if sale is not None and sale.age_check.pending:
            confirmed = sale.age_check.confirmed_age
            lines = tuple(line for line in sale.active_lines if line.age_limit > confirmed)
            self.emit(NeedsAgeCheck(sale.age_check.required_age, lines))

    # -- lines by key -----------------------------------------------------------------------

    def _product(self, key: str) -> Product:
        product = self.catalog.by_gtin(key) or self.catalog.by_plu(key)
        if product is None:
            raise UnknownProduct(Text(f"Fant ingen vare {key}.", f"No product {key}."))
        return product

    @command
    def add_product(self, key: str, quantity: int = 1) -> bool:
        """Add by GTIN or PLU (price lookup, name search); kg items ask for a weight."""
        self.require_not_paying()
        product = self._product(key)
        if product.sold_by_weight:
            self.emit(WeightNeeded(product.key, product.name))
            return False
        with self.recording() as sale:
            sale.add_product(product, quantity, now=self.now())
        self._line_added(None)
        return True

    @command
    def add_weighed(self, key: str, weight_g: int) -> bool:
        """A kg item with its weight in grams (loose produce by PLU or name)."""
        self.require_not_paying()
        product = self._product(key)
        with self.recording() as sale:
            sale.add_weighed(product, weight_g, now=self.now())
        self._line_added(None)
        return True

    @command
    def change_quantity(self, line_id: int, quantity: int) -> bool:
        self.require_not_paying()
        with self.recording() as sale:
            sale.set_quantity(line_id, quantity)
        self._line_added(None)
        return True

    @command
    def void_line(self, line_id: int, reason: str = "cashier") -> bool:
        """Void a line: it stays in the sale and the journal, marked voided."""
        self.require_not_paying()
        self.require_sale()
        with self.recording() as sale:
            line = sale.void_line(line_id, reason)
            if line.slip_id:
                self.slips.release(line.slip_id, reason="line voided")
        self.sale_changed()
        return True

    # -- age ----------------------------------------------------------------------------------

    @command
    def confirm_age(self) -> bool:
        self.require_sale()
        with self.recording() as sale:
            sale.confirm_age()
        self.sale_changed()
        return True

    @command
    def refuse_age(self) -> bool:
        """No valid ID: the age-limited lines are voided (kept, marked)."""
        self.require_sale()
        with self.recording() as sale:
            sale.refuse_age()
        self.notice("info", Text("Varer med aldersgrense er fjernet.",
                                 "Age-limited items were removed."), "age_refused")
        self.sale_changed()
        return True

    # -- payments and voids as commands (refusals become notices) ---------------------------

    pay_cash = command(PaymentFlow.pay_cash)
    pay_card = command(PaymentFlow.pay_card)
    pay_coopay = async_command(PaymentFlow.pay_coopay)
    present_card = async_command(PaymentFlow.present_card)
    detach_member = command(PaymentFlow.detach_member)
    void_sale = command(PaymentFlow.void_sale)

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
        if self.sync is not None:
            self.sync.wake()
        self.emit(self.status_event())


def _hub_states(hub: Any) -> dict[str, str]:
    if hub is None:
        return {}
    try:
        return {name: state for name, state in hub.states().items()}
    except Exception:
        return {}
